-- wrk script: sends GET requests to the paths listed in a file (one per line), in turn,
-- and prints one machine-readable result line when the run is done.
--
--   wrk -t1 -c8 -d15s -s bench/rotate.lua http://127.0.0.1:5391 -- paths.txt
--
-- Each wrk thread has its own Lua state; each starts at a different path so that
-- the threads do not march in step.

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local paths = {}
local counter = 0
local failed = 0

function init(args)
  local file = args[1]
  if file == nil then
    error("usage: wrk ... -s rotate.lua URL -- PATHS_FILE")
  end
  for line in io.lines(file) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. file)
  end
  counter = (offset or 0) % #paths
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, { ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write(string.format("rotate.lua: HTTP %d: %s\n", status, (body or ""):sub(1, 300)))
    end
  end
end

-- Latencies in milliseconds, or "none" when no request finished within the run.
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
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s non2xx=%d socket_errors=%d\n",
    summary.requests,
    seconds,
    summary.requests / seconds,
    ms(finished and latency:percentile(50) or nil),
    ms(finished and latency:percentile(90) or nil),
    ms(finished and latency:percentile(99) or nil),
    ms(finished and latency.max or nil),
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
