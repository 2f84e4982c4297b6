-- /sendmsg add messages for the sample's vector service (30 dimensions): new embeddings for the 20
-- sample items (so every update replaces a live, joinable item), each pair followed by the 0x1F 0x0A
-- separator, percent-encoded.
local ids = {"3489628730026797560", "-3094066460264965022"}
for i = 1000, 1017 do ids[#ids + 1] = tostring(i) end
local n = 0
math.randomseed(7)
request = function()
  n = n + 1
  local dims = {}
  for i = 1, 30 do dims[i] = string.format("%.4f", math.random() * 2 - 1) end
  local msg = "CMD%3Dadd%1F%0Aid%3D" .. ids[(n % #ids) + 1] .. "%1F%0Aembedding%3D" .. table.concat(dims, "%2C") .. "%1F%0A"
  return wrk.format("GET", "/sendmsg?table=test_vec_biz&h=" .. n .. "&msg=" .. msg)
end
