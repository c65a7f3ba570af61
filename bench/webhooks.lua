-- wrk script for bench/webhooks.sh: replays pre-signed webhook deliveries, never repeating an id.
-- Env: BENCH_REQ_PREFIX (files from make_requests.py, one per wrk thread), BENCH_PATH (/hooks/sms/ep_…).
-- Each wrk thread reads only its own file, so ids are unique across threads. Responses are counted by
-- outcome; done() prints one "BENCH_RESULT k=v ..." line that webhooks.sh parses.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local reqs, n, i = {}, 0, 0
sent, accepted, duplicate, other2xx, non2xx, exhausted = 0, 0, 0, 0, 0, 0
statuses = {}

function init(args)
   local prefix = assert(os.getenv("BENCH_REQ_PREFIX"), "BENCH_REQ_PREFIX not set")
   local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH not set")
   local file = assert(io.open(prefix .. "." .. tid, "r"))
   for line in file:lines() do
      local sig, body = line:match("^(%x+)\t(.*)$")
      if sig then
         n = n + 1
         reqs[n] = wrk.format("POST", path,
            { ["Content-Type"] = "application/json", ["X-Signature"] = sig }, body)
      end
   end
   file:close()
end

function request()
   if i >= n then
      -- Out of pre-signed requests: never resend an id. Stop this thread; the run is flagged.
      exhausted = exhausted + 1
      wrk.thread:stop()
      return wrk.format("GET", "/__bench_exhausted")
   end
   i = i + 1
   sent = sent + 1
   return reqs[i]
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 200 then
      if body:find('"status":"accepted"', 1, true) then
         accepted = accepted + 1
      elseif body:find('"status":"duplicate"', 1, true) then
         duplicate = duplicate + 1
      else
         other2xx = other2xx + 1
      end
   elseif status >= 200 and status < 300 then
      other2xx = other2xx + 1
   else
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local t = { sent = 0, accepted = 0, duplicate = 0, other2xx = 0, non2xx = 0, exhausted = 0, loaded = 0 }
   local codes = {}
   for _, thread in ipairs(threads) do
      for k, _ in pairs(t) do
         if k ~= "loaded" then t[k] = t[k] + (thread:get(k) or 0) end
      end
      for code, cnt in pairs(thread:get("statuses") or {}) do
         codes[code] = (codes[code] or 0) + cnt
      end
   end
   local cs = {}
   for k, v in pairs(codes) do cs[#cs + 1] = k .. ":" .. v end
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT duration_us=%d responses=%d sent=%d accepted=%d duplicate=%d other2xx=%d non2xx=%d " ..
      "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d exhausted=%d " ..
      "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f statuses=%s\n",
      summary.duration, summary.requests, t.sent, t.accepted, t.duplicate, t.other2xx, t.non2xx,
      e.connect, e.read, e.write, e.status, e.timeout, t.exhausted,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      (#cs > 0) and table.concat(cs, ",") or "none"))
end
