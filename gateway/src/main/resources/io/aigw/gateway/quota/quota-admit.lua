-- Admits one request against its rate buckets and concurrent-stream sets, atomically (the rules of
-- io.aigw.filters.quota.TokenBuckets; the in-process store, LocalQuotaBuckets, mirrors this script).
-- KEYS: n bucket hashes {l = level, t = ms of level}, then m stream sorted sets {member -> lease expiry}.
-- ARGV: n, m, then per bucket: capacity, period ms, admission cost (1 for requests, 0 for tokens),
--       then per stream set: limit, member, lease ms.
-- Returns {admitted 0/1, index of the refusing bucket (0 none, -1 a stream set), wait ms, level of each bucket as text}.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local n = tonumber(ARGV[1])
local m = tonumber(ARGV[2])
local levels = {}
local refused = 0
local wait = 0
for i = 1, n do
  local base = 2 + (i - 1) * 3
  local capacity = tonumber(ARGV[base + 1])
  local period = tonumber(ARGV[base + 2])
  local cost = tonumber(ARGV[base + 3])
  local level = capacity
  local stored = redis.call('HMGET', KEYS[i], 'l', 't')
  if stored[1] then
    level = math.min(capacity, tonumber(stored[1]) + math.max(0, now - tonumber(stored[2])) * capacity / period)
  end
  levels[i] = level
  local untilAdmits = 0
  if cost > 0 then
    if level < 1 then untilAdmits = math.ceil((1 - level) * period / capacity) end
  elseif level <= 0 then
    untilAdmits = math.floor(-level * period / capacity) + 1
  end
  if untilAdmits > wait then
    wait = untilAdmits
    refused = i
  end
end
if refused == 0 then
  for j = 1, m do
    local base = 2 + n * 3 + (j - 1) * 3
    local key = KEYS[n + j]
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    if redis.call('ZCARD', key) >= tonumber(ARGV[base + 1]) and not redis.call('ZSCORE', key, ARGV[base + 2]) then
      refused = -1
      wait = 1000
      break
    end
  end
end
local reply = {refused == 0 and 1 or 0, refused, wait}
for i = 1, n do
  local base = 2 + (i - 1) * 3
  local capacity = tonumber(ARGV[base + 1])
  local period = tonumber(ARGV[base + 2])
  local level = levels[i]
  if refused == 0 then
    level = level - tonumber(ARGV[base + 3])
    redis.call('HSET', KEYS[i], 'l', tostring(level), 't', now)
    redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - level) * period / capacity) + 1000)
  end
  reply[3 + i] = tostring(level)
end
if refused == 0 then
  for j = 1, m do
    local base = 2 + n * 3 + (j - 1) * 3
    local lease = tonumber(ARGV[base + 3])
    redis.call('ZADD', KEYS[n + j], now + lease, ARGV[base + 2])
    redis.call('PEXPIRE', KEYS[n + j], lease)
  end
end
return reply
