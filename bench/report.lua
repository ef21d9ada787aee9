-- wrk script of bench/run.py: optional session cookie, optional one visitor per request, and the result as JSON.
local cookie = os.getenv("BENCH_COOKIE")
local spread = os.getenv("BENCH_SPREAD") == "1"

if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

if spread then
  -- Each request another visitor (the API limits each visitor's requests per minute).
  local counter = 0
  local thread_tag = tostring(math.random(1000000000))
  request = function()
    counter = counter + 1
    return wrk.format(nil, nil, { ["X-Forwarded-For"] = "visitor-" .. thread_tag .. "-" .. counter })
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
