import type { Level } from 'pino';
import type { Logger } from '../logger.js';

// cloudflared prints zerolog's console format on stderr: `2025-01-01T00:00:00Z INF message key=value`.
const LINE = /^\S+Z\s+(DBG|INF|WRN|ERR|FTL)\s+(.*)$/;
const LEVELS: Record<string, Level> = { DBG: 'debug', INF: 'info', WRN: 'warn', ERR: 'error', FTL: 'fatal' };
/** A quick tunnel's address, printed in a box; api.trycloudflare.com (one word) is where it was requested. */
const QUICK_URL = /https:\/\/[a-z0-9]+(?:-[a-z0-9]+)+\.trycloudflare\.com/;
/** Printed for each of the edge connections; the first one means the tunnel carries requests. */
const REGISTERED = /Registered tunnel connection/;

export interface CloudflaredLine {
  level: Level;
  message: string;
}

/** One line of cloudflared's output as a level and a message; a line in another shape is kept whole, at warn. */
export function parseCloudflaredLine(line: string): CloudflaredLine {
  const match = LINE.exec(line);
  return match ? { level: LEVELS[match[1]!]!, message: match[2]!.trim() } : { level: 'warn', message: line };
}

export function quickTunnelUrl(line: string): string | null {
  return QUICK_URL.exec(line)?.[0] ?? null;
}

export function isConnectionRegistered(line: string): boolean {
  return REGISTERED.test(line);
}

/** Writes one of cloudflared's lines into the gateway's log stream, as a line of source "cloudflared". */
export function logCloudflaredLine(logger: Logger, line: string): void {
  const { level, message } = parseCloudflaredLine(line);
  logger[level]({ source: 'cloudflared' }, message);
}
