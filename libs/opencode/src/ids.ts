import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 14;
const MASK_48_BITS = (1n << 48n) - 1n;

let last = 0n;

/**
 * An id in OpenCode's own shape: the prefix, 12 hex digits of (milliseconds × 4096 + counter)
 * truncated to 48 bits, 14 random base-62 characters. Session ids invert the time bits, as OpenCode's
 * do, so newer sessions sort first; every other kind sorts by time.
 */
export function newOpencodeId(prefix: 'ses' | 'msg' | 'prt' | 'per' | 'que' | 'evt', now: number = Date.now()): string {
  // Strictly ascending within this process, even for many ids per millisecond or a clock step back.
  let value = BigInt(now) * 4096n + 1n;
  if (value <= last) value = last + 1n;
  last = value;
  const bits = prefix === 'ses' ? ~value & MASK_48_BITS : value & MASK_48_BITS;
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(BASE62.length)];
  return `${prefix}_${bits.toString(16).padStart(12, '0')}${random}`;
}

/**
 * A user-message id for `prompt({ messageID })`, sorting among OpenCode's own ids by time. OpenCode
 * 1.18.33 itself only checks the `msg` prefix, and does NOT deduplicate: a second prompt with an
 * existing id appends its parts to that message (and may run another turn). Never send one id twice.
 */
export function newMessageId(now: number = Date.now()): string {
  return newOpencodeId('msg', now);
}
