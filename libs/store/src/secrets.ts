import { createHash } from 'node:crypto';

/** What the tables keep of a bearer secret: its SHA-256, so a stolen database holds no usable one. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
