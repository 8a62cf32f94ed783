// Increasing Discord-style snowflake ids (timestamp since the Discord epoch in the high bits).
const DISCORD_EPOCH = 1_420_070_400_000n;
let last = 0n;

export function nextSnowflake(): string {
  const candidate = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  last = candidate > last ? candidate : last + 1n;
  return last.toString();
}
