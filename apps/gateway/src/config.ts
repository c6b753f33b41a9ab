import { resolve } from 'node:path';
import { DEFAULT_CONSOLE_DIR } from './static.js';

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Unset → a SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Unset → generated at first start and kept in dataDir. */
  operatorToken: string | undefined;
  /** Unset → the gateway supervises its own `opencode serve`. */
  opencode:
    | { mode: 'external'; url: string; username: string | undefined; password: string | undefined }
    | { mode: 'supervised'; workspace: string };
  /** How often OpenCode's health is probed. */
  healthIntervalMs: number;
  /** Timeout of every ordinary OpenCode call. */
  upstreamTimeoutMs: number;
  logLevel: string;
  /** The built console served at `/`. */
  consoleDir: string;
}

/** One line that tells the operator what to fix; main prints it and exits non-zero. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): GatewayConfig {
  const url = optional(env.OPENCODE_URL);
  return {
    host: optional(env.OTTO_HOST) ?? '127.0.0.1',
    port: integer(env, 'OTTO_PORT', 4300, 0, 65_535),
    dataDir: resolve(cwd, optional(env.OTTO_DATA_DIR) ?? 'data'),
    databaseUrl: databaseUrl(optional(env.OTTO_DATABASE_URL)),
    operatorToken: operatorToken(optional(env.OTTO_OPERATOR_TOKEN)),
    opencode: url
      ? {
          mode: 'external',
          url: httpUrl('OPENCODE_URL', url),
          username: optional(env.OPENCODE_SERVER_USERNAME),
          password: optional(env.OPENCODE_SERVER_PASSWORD),
        }
      : { mode: 'supervised', workspace: resolve(cwd, optional(env.OTTO_WORKSPACE) ?? '.') },
    healthIntervalMs: integer(env, 'OTTO_HEALTH_INTERVAL_MS', 5_000, 100, 600_000),
    upstreamTimeoutMs: integer(env, 'OTTO_UPSTREAM_TIMEOUT_MS', 10_000, 100, 600_000),
    logLevel: optional(env.OTTO_LOG_LEVEL) ?? 'info',
    consoleDir: resolve(cwd, optional(env.OTTO_CONSOLE_DIR) ?? DEFAULT_CONSOLE_DIR),
  };
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function httpUrl(name: string, raw: string): string {
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:4096`);
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(`${name} must not carry credentials; use OPENCODE_SERVER_USERNAME / OPENCODE_SERVER_PASSWORD`);
  }
  return parsed.origin + parsed.pathname.replace(/\/$/, '');
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (/^(sqlite:|file:|postgres(ql)?:\/\/)/.test(raw)) return raw;
  throw new ConfigError('OTTO_DATABASE_URL must start with sqlite:, file: or postgres:// (unset it for the default SQLite file)');
}

function operatorToken(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length < 16) throw new ConfigError('OTTO_OPERATOR_TOKEN must be at least 16 characters long');
  return raw;
}
