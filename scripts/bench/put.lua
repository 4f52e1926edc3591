-- Item entry PUT: each request writes a scale leaf of one of the units in BENCH_UNITS with that
-- unit's token (BENCH_TOKENS, same order), cycling over leaves and values.
local units, tokens, n = {}, {}, 0
for u in string.gmatch(os.getenv("BENCH_UNITS"), "%S+") do units[#units + 1] = u end
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = t end
local cycle = os.getenv("BENCH_CYCLE")
local values = { "0.25", "0.5", "0.75", "1" }

request = function()
  n = n + 1
  local u = (n % #units) + 1
  local criterion = tostring((n % 10) + 1) .. "." .. tostring((math.floor(n / 10) % 3) + 1)
  local path = "/api/v1/cycles/" .. cycle .. "/units/" .. units[u] .. "/items/" .. criterion
  local body = '{"points": ' .. values[(n % 4) + 1] .. '}'
  return wrk.format("PUT", path, { ["Authorization"] = "Bearer " .. tokens[u], ["Content-Type"] = "application/json" }, body)
end
