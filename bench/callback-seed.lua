-- wrk script: POST the body of the seed's curl example to /api/callback.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"uid":"84603208","request_id":"d9cb1c8d-4d3f-491b-9ea3-380481dabde3","scene_id":"homepage","features":{"age":25, "city":"beijing"}, "item_list":[{"item_id":"113939841"},{"item_id":"113764910"}],"request_info":{"recom_id":"1111111"}}'
