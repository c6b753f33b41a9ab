import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 14;
const MASK_48_BITS = (1n << 48n) - 1n;

let last = 0n;

/**
 * A user-message id in OpenCode's own shape, for `prompt({ messageID })`: `msg_`, 12 hex digits of
 * (milliseconds × 4096 + counter) truncated to 48 bits, 14 random base-62 characters — the same shape
 * OpenCode generates, so ids made here sort among its own ones by time. OpenCode 1.18.33 itself only
 * checks the `msg` prefix, and does NOT deduplicate: a second prompt with an existing id appends its
 * parts to that message (and may run another turn). Never send one id twice.
 */
export function newMessageId(now: number = Date.now()): string {
  // Strictly ascending within this process, even for many ids per millisecond or a clock step back.
  let value = BigInt(now) * 4096n + 1n;
  if (value <= last) value = last + 1n;
  last = value;
  const time = (value & MASK_48_BITS).toString(16).padStart(12, '0');
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(BASE62.length)];
  return `msg_${time}${random}`;
}
