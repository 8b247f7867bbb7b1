-- Generic wrk script: one fixed request (method and body from the environment,
-- headers from wrk -H), one machine-readable RESULT line at the end (latencies in
-- microseconds).
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    request body, sent as application/json
--   BENCH_COUNT   1: count statuses per class with response(). Off by default
--                 because the hook makes wrk hand every response to Lua, which
--                 costs client CPU on a 2-core box; without it wrk's own count of
--                 responses >= 400 gives the non-2xx figure.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local counting = os.getenv("BENCH_COUNT") == "1"
wrk.method = method
if body and body ~= "" then
   wrk.body = body
   wrk.headers["Content-Type"] = "application/json"
end

local threads = {}
function setup(thread)
   table.insert(threads, thread)
end

ok, s4xx, s5xx, other = 0, 0, 0, 0
if counting then
   function response(status, headers, body)
      if status >= 200 and status < 300 then ok = ok + 1
      elseif status >= 500 then s5xx = s5xx + 1
      elseif status >= 400 then s4xx = s4xx + 1
      else other = other + 1 end
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   local o, x4, x5, ot = 0, 0, 0, 0
   if counting then
      for _, t in ipairs(threads) do
         o = o + t:get("ok"); x4 = x4 + t:get("s4xx")
         x5 = x5 + t:get("s5xx"); ot = ot + t:get("other")
      end
   else
      o, x4, x5 = summary.requests - e.status, -1, -1
   end
   io.write(string.format(
      "RESULT requests=%d duration_us=%d ok=%d non2xx=%d s4xx=%d s5xx=%d other=%d " ..
      "p50_us=%d p99_us=%d max_us=%d mean_us=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, o, summary.requests - o, x4, x5, ot,
      latency:percentile(50.0), latency:percentile(99.0), latency.max, math.floor(latency.mean),
      e.connect, e.read, e.write, e.timeout))
end
