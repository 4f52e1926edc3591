-- Mixed traffic: units saving (PUT item entries), reviewers reading assessments (JSON), the public
-- reading results (a unit's score card page and the results JSON). Shares of each from BENCH_MIX
-- as "put read public" weights (default 2 4 4). Non-2xx answers are counted by wrk.
-- BENCH_GZIP=1: reads accept gzip, as the browsers they come from do. BENCH_THINK_MS: each
-- connection waits that long between answers, as a person does (0: as fast as possible).
local units, tokens, readPaths, publicPaths, n = {}, {}, {}, {}, 0
for u in string.gmatch(os.getenv("BENCH_UNITS"), "%S+") do units[#units + 1] = u end
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = t end
for p in string.gmatch(os.getenv("BENCH_READ_PATHS"), "%S+") do readPaths[#readPaths + 1] = p end
for p in string.gmatch(os.getenv("BENCH_PUBLIC_PATHS"), "%S+") do publicPaths[#publicPaths + 1] = p end
local cycle = os.getenv("BENCH_CYCLE")
local reviewer = os.getenv("BENCH_REVIEWER_TOKEN")
local mix = {}
for w in string.gmatch(os.getenv("BENCH_MIX") or "2 4 4", "%S+") do mix[#mix + 1] = tonumber(w) end
local total = mix[1] + mix[2] + mix[3]
local values = { "0.25", "0.5", "0.75", "1" }
local gzip = os.getenv("BENCH_GZIP") == "1"
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")

if think > 0 then
  delay = function() return think end
end

local function get(path, headers)
  if gzip then headers["Accept-Encoding"] = "gzip, deflate, br" end
  return wrk.format("GET", path, headers)
end

request = function()
  n = n + 1
  local slot = n % total
  if slot < mix[1] then
    local u = (n % #units) + 1
    local criterion = tostring((n % 10) + 1) .. "." .. tostring((math.floor(n / 10) % 3) + 1)
    local path = "/api/v1/cycles/" .. cycle .. "/units/" .. units[u] .. "/items/" .. criterion
    return wrk.format("PUT", path, { ["Authorization"] = "Bearer " .. tokens[u], ["Content-Type"] = "application/json" },
      '{"points": ' .. values[(n % 4) + 1] .. '}')
  elseif slot < mix[1] + mix[2] then
    return get(readPaths[(n % #readPaths) + 1], { ["Authorization"] = "Bearer " .. reviewer })
  else
    return get(publicPaths[(n % #publicPaths) + 1], {})
  end
end
