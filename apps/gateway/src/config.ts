import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { DEFAULT_UPLOAD_LIMITS, parseUploadTypes, type UploadLimits } from './attachments/upload-limits.js';
import { DEFAULT_RESPONSE_CACHE, type ResponseCacheLimits } from './cache/response-cache.js';
import type { TrustProxy } from './http/client-address.js';
import { DEFAULT_CONSOLE_DIR } from './static.js';
import { DEFAULT_SERVER } from '@otto/store';
import { providerKeysFromEnv, type ProviderKey } from './providers/provider-keys.js';
import { parseServerList, type ServerEndpoint } from './servers/server-config.js';

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Unset → a SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Legacy: a token of the bootstrap admin. */
  operatorToken: string | undefined;
  /** A scraper's secret for GET /metrics (an ADMIN's token works too). */
  metricsToken: string | undefined;
  /** The first start's admin password; unset → a one-time link lets the first person choose it. */
  adminPassword: string | undefined;
  /** OPENCODE_URL (one server, `default`) or OTTO_OPENCODE_SERVERS (several); neither → the gateway supervises its own `opencode serve`. */
  opencode: { mode: 'external'; servers: ServerEndpoint[] } | { mode: 'supervised'; workspace: string };
  /** How often OpenCode's health is probed. */
  healthIntervalMs: number;
  /** Timeout of every ordinary OpenCode call. */
  upstreamTimeoutMs: number;
  logLevel: string;
  /** Where the log lines also go: a folder of files rotated at maxBytes, the newest `count` kept. */
  logFiles: LogFileSettings;
  /** The built console served at `/`. */
  consoleDir: string;
  /** Origins allowed to call the gateway from a browser with credentials; none by default. */
  corsOrigins: string[];
  /** Whose X-Forwarded-For names the client: nobody, any peer, or these proxy addresses. */
  trustProxy: TrustProxy;
  /** Request bodies above this are refused with 413. */
  maxBodyBytes: number;
  /** What a message may carry as files: OTTO_MAX_UPLOAD_BYTES each, of OTTO_UPLOAD_TYPES. */
  uploads: UploadLimits;
  /** Events a subscriber may fall behind by before its deltas are folded, or its stream ends. */
  subscriptionBuffer: number;
  /** Audit rows older than this many days are deleted by the housekeeping sweep. */
  auditRetentionDays: number;
  /** Provider keys from the environment, put into OpenCode at start; never logged or echoed. */
  providerKeys: ProviderKey[];
  /** Remote access through cloudflared. */
  tunnel: TunnelSettings;
  /** OTTO_COOKIE_SECURE=true: session cookies are Secure even over plain http (a TLS proxy in front). */
  cookieSecure: boolean;
  /** OTTO_ARCHIVE=off: no message text is kept, search finds nothing, a STALE thread shows no history. */
  archive: boolean;
  /** OTTO_RESPONSE_CACHE (on/off), OTTO_RESPONSE_CACHE_ENTRIES, OTTO_RESPONSE_CACHE_BYTES: unchanged query answers reused. */
  responseCache: ResponseCacheLimits;
}

export interface TunnelSettings {
  /** OTTO_TUNNEL=cloudflared: started with the gateway (an admin can start it from the console either way). */
  startWithGateway: boolean;
  /** OTTO_CLOUDFLARED_BIN: a path, or a name looked up in PATH. */
  bin: string;
  /** CLOUDFLARED_TOKEN: a named tunnel's token; unset → a quick tunnel on trycloudflare.com. */
  token: string | undefined;
  /** OTTO_TUNNEL_URL: the named tunnel's public address, which cloudflared does not print. */
  publicUrl: string | undefined;
}

export interface LogFileSettings {
  dir: string;
  maxBytes: number;
  /** Files kept, the one being written included. */
  count: number;
}

/** One line that tells the operator what to fix; main prints it and exits non-zero. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): GatewayConfig {
  const dataDir = resolve(cwd, optional(env.OTTO_DATA_DIR) ?? 'data');
  return {
    host: optional(env.OTTO_HOST) ?? '127.0.0.1',
    port: integer(env, 'OTTO_PORT', 4300, 0, 65_535),
    dataDir,
    databaseUrl: databaseUrl(optional(env.OTTO_DATABASE_URL)),
    operatorToken: operatorToken(optional(env.OTTO_OPERATOR_TOKEN)),
    metricsToken: metricsToken(optional(env.OTTO_METRICS_TOKEN)),
    adminPassword: adminPassword(optional(env.OTTO_ADMIN_PASSWORD)),
    opencode: opencodeServers(env, cwd),
    healthIntervalMs: integer(env, 'OTTO_HEALTH_INTERVAL_MS', 5_000, 100, 600_000),
    upstreamTimeoutMs: integer(env, 'OTTO_UPSTREAM_TIMEOUT_MS', 10_000, 100, 600_000),
    logLevel: optional(env.OTTO_LOG_LEVEL) ?? 'info',
    logFiles: {
      dir: resolve(cwd, optional(env.OTTO_LOG_DIR) ?? resolve(dataDir, 'logs')),
      maxBytes: integer(env, 'OTTO_LOG_MAX_BYTES', 10_485_760, 1_024, 1_073_741_824),
      count: integer(env, 'OTTO_LOG_FILES', 5, 1, 1_000),
    },
    consoleDir: resolve(cwd, optional(env.OTTO_CONSOLE_DIR) ?? DEFAULT_CONSOLE_DIR),
    corsOrigins: corsOrigins(optional(env.OTTO_CORS_ORIGINS)),
    trustProxy: trustProxy(optional(env.OTTO_TRUST_PROXY)),
    maxBodyBytes: integer(env, 'OTTO_MAX_BODY_BYTES', 1_048_576, 1_024, 104_857_600),
    uploads: {
      maxFileBytes: integer(env, 'OTTO_MAX_UPLOAD_BYTES', DEFAULT_UPLOAD_LIMITS.maxFileBytes, 1_024, 104_857_600),
      types: uploadTypes(optional(env.OTTO_UPLOAD_TYPES)),
    },
    subscriptionBuffer: integer(env, 'OTTO_SUBSCRIPTION_BUFFER', 1_000, 2, 1_000_000),
    auditRetentionDays: integer(env, 'OTTO_AUDIT_RETENTION_DAYS', 90, 1, 36_500),
    providerKeys: providerKeys(env),
    tunnel: {
      startWithGateway: tunnelMode(optional(env.OTTO_TUNNEL)),
      bin: optional(env.OTTO_CLOUDFLARED_BIN) ?? 'cloudflared',
      token: optional(env.CLOUDFLARED_TOKEN),
      publicUrl: tunnelUrl(optional(env.OTTO_TUNNEL_URL)),
    },
    cookieSecure: flag(env, 'OTTO_COOKIE_SECURE'),
    archive: onOff(env, 'OTTO_ARCHIVE', true),
    responseCache: {
      enabled: onOff(env, 'OTTO_RESPONSE_CACHE', DEFAULT_RESPONSE_CACHE.enabled),
      maxEntries: integer(env, 'OTTO_RESPONSE_CACHE_ENTRIES', DEFAULT_RESPONSE_CACHE.maxEntries, 1, 1_000_000),
      maxBytes: integer(env, 'OTTO_RESPONSE_CACHE_BYTES', DEFAULT_RESPONSE_CACHE.maxBytes, 65_536, 1_073_741_824),
    },
  };
}

function opencodeServers(env: Env, cwd: string): GatewayConfig['opencode'] {
  const list = optional(env.OTTO_OPENCODE_SERVERS);
  // When set it is the whole list: OPENCODE_URL is not added to it.
  if (list !== undefined) {
    try {
      return { mode: 'external', servers: parseServerList(list, cwd) };
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  const url = optional(env.OPENCODE_URL);
  if (url === undefined) return { mode: 'supervised', workspace: resolve(cwd, optional(env.OTTO_WORKSPACE) ?? '.') };
  const server = { name: DEFAULT_SERVER, url: httpUrl('OPENCODE_URL', url), username: optional(env.OPENCODE_SERVER_USERNAME), password: optional(env.OPENCODE_SERVER_PASSWORD) };
  return { mode: 'external', servers: [server] };
}

function uploadTypes(raw: string | undefined): readonly string[] {
  if (raw === undefined) return DEFAULT_UPLOAD_LIMITS.types;
  try {
    return parseUploadTypes(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function providerKeys(env: Env): ProviderKey[] {
  try {
    return providerKeysFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
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

function metricsToken(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length < 16) throw new ConfigError('OTTO_METRICS_TOKEN must be at least 16 characters long');
  return raw;
}

function corsOrigins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    const parsed = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
    if (!parsed || parsed.origin !== trimmed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new ConfigError(`OTTO_CORS_ORIGINS must list origins such as https://ops.example.com, separated by commas (got "${trimmed}")`);
    }
    return trimmed;
  });
}

function trustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  return raw.split(',').map((address) => {
    const trimmed = address.trim();
    if (isIP(trimmed) === 0) throw new ConfigError(`OTTO_TRUST_PROXY must be true, false or proxy IP addresses separated by commas (got "${trimmed}")`);
    return trimmed;
  });
}

function tunnelMode(raw: string | undefined): boolean {
  if (raw === undefined || raw === 'off') return false;
  if (raw === 'cloudflared') return true;
  throw new ConfigError(`OTTO_TUNNEL must be cloudflared or off (got "${raw}")`);
}

function tunnelUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw new ConfigError(`OTTO_TUNNEL_URL must be the tunnel's https address, such as https://otto.example.com (got "${raw}")`);
  }
  return raw.replace(/\/$/, '');
}

function flag(env: Env, name: string): boolean {
  const raw = optional(env[name]);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env[name]);
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name} must be on or off (got "${raw}")`);
}

function adminPassword(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length < 12) throw new ConfigError('OTTO_ADMIN_PASSWORD must be at least 12 characters long');
  return raw;
}
