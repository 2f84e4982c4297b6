-- wrk script: POST the seed request of the feed API (ContextItemRecall sample config).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"uid":"13579","size":10,"scene_id":"home_feed","item_list":[{"item_id":"1111","score":1},{"item_id":"222","score":0.95}]}'
