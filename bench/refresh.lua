-- Refresh-token rotation under load. Every request presents a token that the
-- server returned exactly once before (a seed from a login, or the Set-Cookie of
-- an earlier refresh on this thread), so no token is ever replayed and no family
-- gets revoked. wrk calls request()/response() per thread without telling which
-- connection they belong to; a per-thread queue of unused tokens keeps the chain
-- rule exact for any number of connections per thread: a connection has at most
-- one request in flight, and its response hands back the successor it consumed.
--   BENCH_TOKENS  file with one fresh refresh token per line; each thread takes
--                 BENCH_PER_THREAD of them.
local threads = {}
local seeds = {}
local per_thread = tonumber(os.getenv("BENCH_PER_THREAD") or "0")

function setup(thread)
   if #seeds == 0 then
      for line in io.lines(os.getenv("BENCH_TOKENS")) do
         if line ~= "" then table.insert(seeds, line) end
      end
   end
   local n = #threads
   local mine = {}
   for i = n * per_thread + 1, (n + 1) * per_thread do
      if seeds[i] == nil then error("not enough seed tokens for thread " .. n) end
      table.insert(mine, seeds[i])
   end
   thread:set("seed", table.concat(mine, ","))
   table.insert(threads, thread)
end

local queue = {}
ok, s4xx, s5xx, other, starved, nocookie = 0, 0, 0, 0, 0, 0

function init(args)
   for tok in string.gmatch(seed, "[^,]+") do table.insert(queue, tok) end
end

function request()
   local tok = table.remove(queue, 1)
   if tok == nil then
      -- The queue only runs dry after a failed rotation lost a token; the request
      -- still goes out (and is counted as a 401) so wrk keeps the connection.
      starved = starved + 1
      tok = "none"
   end
   -- An empty body, not nil: wrk.format only writes Content-Length for a body,
   -- and lighttpd answers a POST without one with 411.
   return wrk.format("POST", "/api/auth/refresh",
                     {["Host"] = wrk.headers["Host"] or "localhost",
                      ["Cookie"] = "refresh_token=" .. tok}, "")
end

function response(status, headers, body)
   if status == 200 then ok = ok + 1
   elseif status >= 500 then s5xx = s5xx + 1
   elseif status >= 400 then s4xx = s4xx + 1
   else other = other + 1 end
   local found = false
   for k, v in pairs(headers) do
      if string.lower(k) == "set-cookie" then
         local tok = string.match(v, "^%s*refresh_token=([^;]+)")
         if tok then table.insert(queue, tok); found = true end
      end
   end
   if status == 200 and not found then nocookie = nocookie + 1 end
end

function done(summary, latency, requests)
   local o, x4, x5, ot, st, nc = 0, 0, 0, 0, 0, 0
   for _, t in ipairs(threads) do
      o = o + t:get("ok"); x4 = x4 + t:get("s4xx"); x5 = x5 + t:get("s5xx")
      ot = ot + t:get("other"); st = st + t:get("starved"); nc = nc + t:get("nocookie")
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d ok=%d non2xx=%d s4xx=%d s5xx=%d other=%d " ..
      "p50_us=%d p99_us=%d max_us=%d mean_us=%d connect=%d read=%d write=%d timeout=%d " ..
      "starved=%d nocookie=%d\n",
      summary.requests, summary.duration, o, summary.requests - o, x4, x5, ot,
      latency:percentile(50.0), latency:percentile(99.0), latency.max, math.floor(latency.mean),
      e.connect, e.read, e.write, e.timeout, st, nc))
end
