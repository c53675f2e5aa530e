-- Charges the tokens an answer used to its token buckets, atomically; a bucket may go below zero (a
-- debt the refill repays). Same arithmetic as quota-admit.lua.
-- KEYS: the token buckets' hashes. ARGV: tokens, then per bucket: capacity, period ms.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local tokens = tonumber(ARGV[1])
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local period = tonumber(ARGV[2 * i + 1])
  local level = capacity
  local stored = redis.call('HMGET', KEYS[i], 'l', 't')
  if stored[1] then
    level = math.min(capacity, tonumber(stored[1]) + math.max(0, now - tonumber(stored[2])) * capacity / period)
  end
  level = level - tokens
  redis.call('HSET', KEYS[i], 'l', tostring(level), 't', now)
  redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - level) * period / capacity) + 1000)
end
return #KEYS
