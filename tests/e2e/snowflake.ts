/**
 * Discord-shaped ids for the fake. @discordjs/rest only treats 17 to 19 digits as an id when it
 * works out rate-limit buckets, so every id the fake makes is a real-looking 19-digit snowflake.
 */

/** Discord's epoch (2015-01-01T00:00:00Z), the zero point of every snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
/** The low 22 bits of a snowflake hold worker, process and increment: the fake uses all 22 as a
 * counter, so ids made in the same millisecond stay unique. */
const TIMESTAMP_SHIFT = 22n;
const INCREMENT_MASK = (1n << TIMESTAMP_SHIFT) - 1n;

let increment = 0n;

/** A fresh, unique snowflake for "now". */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & INCREMENT_MASK;
  return (((BigInt(at) - DISCORD_EPOCH_MS) << TIMESTAMP_SHIFT) | increment).toString();
}

/**
 * A fresh snowflake whose server lands on `shard` of `count`, (id >> 22) % count, for tests that
 * spread servers evenly over shards.
 */
export function snowflakeOnShard(shard: number, count: number, at: number = Date.now()): string {
  let ms = BigInt(at) - DISCORD_EPOCH_MS;
  ms -= ms % BigInt(count);
  ms += BigInt(shard);
  increment = (increment + 1n) & INCREMENT_MASK;
  return ((ms << TIMESTAMP_SHIFT) | increment).toString();
}

/** A random url-safe token, as long as Discord's interaction tokens tend to be. */
export function interactionToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  let token = "aW50ZXJhY3Rpb246";
  for (let index = 0; index < 160; index++)
    token += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  return token;
}
