-- wrk script: signs the bench users in, in turn (POST /api/auth/login with bench-user-00001@... up to COUNT),
-- and prints one machine-readable result line when the run is done. Only 200 answers count as logins.
--
--   wrk -t1 -c8 -d30s -s bench/login.lua http://127.0.0.1:5591 -- COUNT PASSWORD

local threads = 0

function setup(thread)
  thread:set("offset", threads * 997)
  threads = threads + 1
end

local count = 1
local password = ""
local counter = 0
local failed = 0
local ok = 0

function init(args)
  count = tonumber(args[1]) or error("usage: wrk ... -s login.lua URL -- COUNT PASSWORD")
  password = args[2] or error("usage: wrk ... -s login.lua URL -- COUNT PASSWORD")
  counter = offset or 0
end

function request()
  counter = counter + 1
  local body = string.format('{"email":"bench-user-%05d@bench.homelette.test","password":"%s"}', (counter % count) + 1, password)
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write(string.format("login.lua: HTTP %d: %s\n", status, (body or ""):sub(1, 300)))
    end
  end
end

local function ms(microseconds)
  if microseconds == nil then
    return "none"
  end
  return string.format("%.2f", microseconds / 1000)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local finished = summary.requests > 0
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f ok_rps=%.1f p50_ms=%s p99_ms=%s non2xx=%d socket_errors=%d\n",
    summary.requests,
    seconds,
    summary.requests / seconds,
    (summary.requests - errors.status) / seconds,
    ms(finished and latency:percentile(50) or nil),
    ms(finished and latency:percentile(99) or nil),
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
