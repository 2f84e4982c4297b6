-- wrk script: a seeded feed request mix for the bench scenes (same sequence on every run with -t1).
-- uid uniform over the 6,040 users, size 10..20. Prints one RESULT line with throughput, latency and
-- the number of requests (the harness divides the server's allocated bytes by it).
math.randomseed(42)
request = function()
  local body = string.format('{"uid":"%d","size":%d,"scene_id":"home_feed"}', math.random(1, 6040), math.random(10, 20))
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.3f p99=%.3f p999=%.3f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, e.status + e.connect + e.read + e.write + e.timeout, summary.requests))
end
