-- wrk script for bench/reload-load.sh: the seeded feed mix of bench/feed-mix.lua, and every answer checked.
-- Config A ranks by ${fm_ctr} (scores below 1), config B by ${fm_ctr} + 10 (scores from 10 to 11): an
-- answer must be all A or all B. Counts per thread, summed in done(). Prints one RESULT line.
math.randomseed(42)
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function()
  a, b, mixed, other, non2xx, notok = 0, 0, 0, 0, 0, 0
end
request = function()
  local body = string.format('{"uid":"%d","size":%d,"scene_id":"home_feed"}', math.random(1, 6040), math.random(10, 20))
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    return
  end
  if not string.find(body, '"code":200', 1, true) then
    notok = notok + 1
  end
  local low, high, n = 0, 0, 0
  for s in string.gmatch(body, '"score":([-%d%.eE+]+)') do
    local v = tonumber(s)
    n = n + 1
    if v ~= nil and v < 1 then low = low + 1 elseif v ~= nil and v >= 10 and v <= 11 then high = high + 1 end
  end
  if n == 0 or low + high < n then other = other + 1
  elseif low == n then a = a + 1
  elseif high == n then b = b + 1
  else mixed = mixed + 1 end
end
done = function(summary, latency, requests)
  local t = {a = 0, b = 0, mixed = 0, other = 0, non2xx = 0, notok = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.3f p99=%.3f p999=%.3f requests=%d socket_errors=%d non2xx=%d "
    .. "code_not_200=%d answers_a=%d answers_b=%d mixed=%d unexplained=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, summary.requests, e.connect + e.read + e.write + e.timeout, t.non2xx + e.status,
    t.notok, t.a, t.b, t.mixed, t.other))
end
