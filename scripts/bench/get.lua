-- GET a path, rotating over a list of paths and bearer tokens given in the environment:
-- BENCH_PATHS (space separated) and BENCH_TOKENS (space separated; may be empty for public pages).
-- BENCH_COOKIE: a session cookie to send instead; BENCH_GZIP=1: accept gzip, as browsers do.
local paths, tokens, n = {}, {}, 0
local cookie, gzip = os.getenv("BENCH_COOKIE"), os.getenv("BENCH_GZIP") == "1"
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do paths[#paths + 1] = p end
for t in string.gmatch(os.getenv("BENCH_TOKENS") or "", "%S+") do tokens[#tokens + 1] = t end

request = function()
  n = n + 1
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] end
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  if gzip then headers["Accept-Encoding"] = "gzip, deflate, br" end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end
