/**
 * Rate limits shared by every instance (sign-in attempts, board creation, uploads): the same
 * token bucket as ratelimit.ts, kept in Redis and updated atomically by a script, so a client
 * spreading requests over instances gets no more than from one. While Redis is unreachable each
 * instance falls back to its own bucket (limits loosen by the number of instances; sign-in never
 * locks everyone out because a cache is down).
 */
import { RateLimiter, type Limiter } from '../ratelimit';
import { log } from '../log';

/** ARGV: capacity, tokens per ms, now (ms), 1 to take or 0 to give back, bucket TTL (ms). Returns the seconds to wait. */
const BUCKET_SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local wait = 0
if ARGV[4] == '1' then
  if tokens < 1 then wait = math.ceil((1 - tokens) / rate / 1000) else tokens = tokens - 1 end
else
  tokens = math.min(cap, tokens + 1)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return wait
`;

/** What the limiter needs of a Redis connection. */
export interface RedisScriptRunner {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A limiter of `capacity` actions per `windowMs` per key, shared through Redis. */
export class RedisRateLimiter implements Limiter {
  private readonly fallback: RateLimiter;
  private failing = false;

  constructor(
    private readonly client: RedisScriptRunner,
    /** Names the limit in Redis keys (e.g. "sign-in"). */
    private readonly name: string,
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {
    this.fallback = new RateLimiter(capacity, windowMs);
  }

  take(key: string): Promise<number> {
    return this.run(key, true, () => this.fallback.take(key));
  }

  async giveBack(key: string): Promise<void> {
    await this.run(key, false, () => (this.fallback.giveBack(key), 0));
  }

  private async run(key: string, take: boolean, local: () => number): Promise<number> {
    if (!this.client.isReady) return local();
    try {
      const wait = await this.client.eval(BUCKET_SCRIPT, {
        keys: [`boardroom:limit:${this.name}:${key}`],
        arguments: [
          String(this.capacity),
          String(this.capacity / this.windowMs),
          String(Date.now()),
          take ? '1' : '0',
          String(this.windowMs * 2),
        ],
      });
      if (this.failing) log.info('shared rate limits work again', { limit: this.name });
      this.failing = false;
      return Number(wait);
    } catch (err) {
      if (!this.failing)
        log.error('shared rate limit failed; this instance counts alone', {
          limit: this.name,
          err: String(err),
        });
      this.failing = true;
      return local();
    }
  }
}
