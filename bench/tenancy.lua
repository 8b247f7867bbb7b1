-- wrk script for bench/tenancy: GET the URL with a Host and a bearer token taken from
-- a file of "HOST TOKEN" lines, a different line for each request (round-robin from a
-- random start per thread, so the threads do not walk the tenants in step). The
-- one-tenant run uses this same script with a one-line file, so both runs pay the
-- same client cost per request.
--   BENCH_PAIRS  the file of "HOST TOKEN" lines
-- Every status is counted (response()); one RESULT line at the end, as count.lua's,
-- with s401 on its own.
local pairs_file = os.getenv("BENCH_PAIRS")

local threads = {}
function setup(thread)
   thread:set("seed", #threads + 1)
   table.insert(threads, thread)
end

local reqs, n, i = {}, 0, 0

function init(args)
   local f = assert(io.open(pairs_file, "r"), "cannot open " .. tostring(pairs_file))
   for line in f:lines() do
      local host, token = line:match("^(%S+)%s+(%S+)$")
      if host then
         n = n + 1
         reqs[n] = wrk.format("GET", nil, { ["Host"] = host, ["Authorization"] = "Bearer " .. token })
      end
   end
   f:close()
   assert(n > 0, "no HOST TOKEN lines in " .. pairs_file)
   math.randomseed(os.time() * 1000 + seed)
   i = math.random(n) - 1
end

function request()
   i = i + 1
   if i > n then i = 1 end
   return reqs[i]
end

ok, s401, s4xx, s5xx, other = 0, 0, 0, 0, 0
function response(status, headers, body)
   if status >= 200 and status < 300 then ok = ok + 1
   elseif status == 401 then s401 = s401 + 1
   elseif status >= 500 then s5xx = s5xx + 1
   elseif status >= 400 then s4xx = s4xx + 1
   else other = other + 1 end
end

function done(summary, latency, requests)
   local e = summary.errors
   local o, x401, x4, x5, ot = 0, 0, 0, 0, 0
   for _, t in ipairs(threads) do
      o = o + t:get("ok"); x401 = x401 + t:get("s401"); x4 = x4 + t:get("s4xx")
      x5 = x5 + t:get("s5xx"); ot = ot + t:get("other")
   end
   io.write(string.format(
      "RESULT requests=%d duration_us=%d ok=%d non2xx=%d s401=%d s4xx=%d s5xx=%d other=%d " ..
      "p50_us=%d p99_us=%d max_us=%d mean_us=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, o, summary.requests - o, x401, x4 + x401, x5, ot,
      latency:percentile(50.0), latency:percentile(99.0), latency.max, math.floor(latency.mean),
      e.connect, e.read, e.write, e.timeout))
end
