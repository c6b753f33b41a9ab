import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to loopback, port 4300, ./data and a supervised OpenCode in the current folder', () => {
    const config = loadConfig({}, '/srv/otto');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4300,
      dataDir: '/srv/otto/data',
      databaseUrl: undefined,
      operatorToken: undefined,
      metricsToken: undefined,
      opencode: { mode: 'supervised', workspace: '/srv/otto' },
    });
  });

  it('uses an external OpenCode with basic auth when OPENCODE_URL is set', () => {
    const config = loadConfig({ OPENCODE_URL: 'http://10.1.2.3:4096/', OPENCODE_SERVER_PASSWORD: 'pw', OPENCODE_SERVER_USERNAME: 'me' });
    expect(config.opencode).toEqual({ mode: 'external', servers: [{ name: 'default', url: 'http://10.1.2.3:4096', username: 'me', password: 'pw' }] });
  });

  it('takes several OpenCode servers from OTTO_OPENCODE_SERVERS, which is then the whole list', () => {
    const list = [
      { name: 'web', url: 'http://10.0.0.5:4096/', username: 'opencode', password: 'pw1' },
      { name: 'ml', url: 'https://ml.internal:4096' },
    ];
    const config = loadConfig({ OTTO_OPENCODE_SERVERS: JSON.stringify(list), OPENCODE_URL: 'http://ignored:1' });
    expect(config.opencode).toEqual({
      mode: 'external',
      servers: [
        { name: 'web', url: 'http://10.0.0.5:4096', username: 'opencode', password: 'pw1' },
        { name: 'ml', url: 'https://ml.internal:4096', username: undefined, password: undefined },
      ],
    });
  });

  it('reads OTTO_OPENCODE_SERVERS from a file when it names one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-servers-'));
    writeFileSync(join(dir, 'servers.json'), JSON.stringify([{ name: 'one', url: 'http://127.0.0.1:4096' }]));
    expect(loadConfig({ OTTO_OPENCODE_SERVERS: 'servers.json' }, dir).opencode).toEqual({
      mode: 'external',
      servers: [{ name: 'one', url: 'http://127.0.0.1:4096', username: undefined, password: undefined }],
    });
  });

  it.each([
    ['[{"name":"web"', /OTTO_OPENCODE_SERVERS is not valid JSON/],
    ['[]', /must name at least one server/],
    ['[{"name":"Web!","url":"http://a:1"}]', /OTTO_OPENCODE_SERVERS at 0.name: must be lower-case letters/],
    ['[{"name":"a","url":"ftp://a:1"}]', /at 0.url: must be an http\(s\) URL/],
    ['[{"name":"a","url":"http://u:secret-pw@a:1"}]', /at 0.url: must not carry credentials/],
    ['[{"name":"a","url":"http://a:1"},{"name":"a","url":"http://b:1"}]', /must not name a server twice/],
    ['[{"name":"a","url":"http://a:1","pasword":"x"}]', /OTTO_OPENCODE_SERVERS/],
    ['/no/such/file.json', /no such file/],
  ])('refuses OTTO_OPENCODE_SERVERS=%s, never quoting a password', (raw, message) => {
    let thrown: unknown;
    try {
      loadConfig({ OTTO_OPENCODE_SERVERS: raw });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('secret-pw');
  });

  it.each([
    [{ OPENCODE_URL: 'not a url' }, /OPENCODE_URL must be an http\(s\) URL/],
    [{ OPENCODE_URL: 'ftp://host' }, /OPENCODE_URL must be an http\(s\) URL/],
    [{ OPENCODE_URL: 'http://user:secret@host' }, /must not carry credentials/],
    [{ OTTO_PORT: '70000' }, /OTTO_PORT must be a whole number from 0 to 65535/],
    [{ OTTO_PORT: 'abc' }, /OTTO_PORT/],
    [{ OTTO_OPERATOR_TOKEN: 'short' }, /at least 16 characters/],
    [{ OTTO_METRICS_TOKEN: 'short' }, /OTTO_METRICS_TOKEN must be at least 16 characters/],
    [{ OTTO_DATABASE_URL: 'mysql://x' }, /OTTO_DATABASE_URL must start with/],
    [{ OTTO_CORS_ORIGINS: 'https://ok.example, *' }, /OTTO_CORS_ORIGINS must list origins/],
    [{ OTTO_CORS_ORIGINS: 'https://ok.example/path' }, /OTTO_CORS_ORIGINS must list origins/],
    [{ OTTO_TRUST_PROXY: 'my-proxy' }, /OTTO_TRUST_PROXY must be true, false or proxy IP addresses/],
    [{ OTTO_MAX_BODY_BYTES: '10' }, /OTTO_MAX_BODY_BYTES must be a whole number/],
    [{ OTTO_MAX_UPLOAD_BYTES: '10MB' }, /OTTO_MAX_UPLOAD_BYTES must be a whole number/],
    [{ OTTO_UPLOAD_TYPES: 'image/png, pictures' }, /OTTO_UPLOAD_TYPES must list MIME types .* \(got "pictures"\)/],
    [{ OTTO_UPLOAD_TYPES: ' , ' }, /OTTO_UPLOAD_TYPES must list MIME types/],
    [{ OTTO_ADMIN_PASSWORD: 'too-short' }, /OTTO_ADMIN_PASSWORD must be at least 12 characters/],
    [{ OTTO_AUDIT_RETENTION_DAYS: '0' }, /OTTO_AUDIT_RETENTION_DAYS must be a whole number/],
    [{ OTTO_LOG_MAX_BYTES: '512' }, /OTTO_LOG_MAX_BYTES must be a whole number from 1024 to 1073741824 \(got "512"\)/],
    [{ OTTO_LOG_MAX_BYTES: '10MB' }, /OTTO_LOG_MAX_BYTES must be a whole number/],
    [{ OTTO_LOG_FILES: '0' }, /OTTO_LOG_FILES must be a whole number from 1 to 1000/],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the security settings: no CORS, no trusted proxy and 1 MiB bodies unless told', () => {
    expect(loadConfig({})).toMatchObject({ corsOrigins: [], trustProxy: false, maxBodyBytes: 1_048_576, subscriptionBuffer: 1_000, auditRetentionDays: 90 });
    expect(loadConfig({ OTTO_CORS_ORIGINS: 'https://ops.example.com, http://localhost:5173', OTTO_TRUST_PROXY: '10.0.0.2,::1' })).toMatchObject({
      corsOrigins: ['https://ops.example.com', 'http://localhost:5173'],
      trustProxy: ['10.0.0.2', '::1'],
    });
    expect(loadConfig({ OTTO_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('takes files of 10 MB at most, images, text and PDF, unless told', () => {
    expect(loadConfig({}).uploads).toEqual({
      maxFileBytes: 10_485_760,
      types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/*', 'application/pdf'],
    });
    expect(loadConfig({ OTTO_MAX_UPLOAD_BYTES: '2048', OTTO_UPLOAD_TYPES: 'Image/*, text/plain,image/*' }).uploads).toEqual({
      maxFileBytes: 2_048,
      types: ['image/*', 'text/plain'],
    });
  });

  it('logs into <data dir>/logs, 10 MiB a file, 5 files, unless told', () => {
    expect(loadConfig({ OTTO_DATA_DIR: 'state' }, '/srv/otto').logFiles).toEqual({ dir: '/srv/otto/state/logs', maxBytes: 10_485_760, count: 5 });
    expect(loadConfig({ OTTO_LOG_DIR: 'var/log', OTTO_LOG_MAX_BYTES: '4096', OTTO_LOG_FILES: '2' }, '/srv/otto').logFiles).toEqual({
      dir: '/srv/otto/var/log',
      maxBytes: 4_096,
      count: 2,
    });
  });

  it('keeps the message archive unless OTTO_ARCHIVE is off', () => {
    expect(loadConfig({}).archive).toBe(true);
    expect(loadConfig({ OTTO_ARCHIVE: 'on' }).archive).toBe(true);
    expect(loadConfig({ OTTO_ARCHIVE: 'off' }).archive).toBe(false);
    expect(() => loadConfig({ OTTO_ARCHIVE: 'no' })).toThrow('OTTO_ARCHIVE must be on or off (got "no")');
  });

  it('reuses unchanged answers within OTTO_RESPONSE_CACHE_ENTRIES and _BYTES unless OTTO_RESPONSE_CACHE is off', () => {
    expect(loadConfig({}).responseCache).toEqual({ enabled: true, maxEntries: 1_000, maxBytes: 16_777_216 });
    expect(loadConfig({ OTTO_RESPONSE_CACHE: 'off', OTTO_RESPONSE_CACHE_ENTRIES: '50', OTTO_RESPONSE_CACHE_BYTES: '1048576' }).responseCache).toEqual({
      enabled: false,
      maxEntries: 50,
      maxBytes: 1_048_576,
    });
    expect(() => loadConfig({ OTTO_RESPONSE_CACHE: 'no' })).toThrow('OTTO_RESPONSE_CACHE must be on or off (got "no")');
    expect(() => loadConfig({ OTTO_RESPONSE_CACHE_ENTRIES: '0' })).toThrow(/OTTO_RESPONSE_CACHE_ENTRIES must be a whole number from 1/);
    expect(() => loadConfig({ OTTO_RESPONSE_CACHE_BYTES: '1000' })).toThrow(/OTTO_RESPONSE_CACHE_BYTES must be a whole number from 65536/);
  });

  it('never echoes credentials back in an error', () => {
    expect(() => loadConfig({ OPENCODE_URL: 'http://user:hunter2@host' })).not.toThrow(/hunter2/);
  });

  it('reads provider keys from OTTO_PROVIDER_KEYS and the conventional names, OTTO_PROVIDER_KEYS winning', () => {
    expect(loadConfig({}).providerKeys).toEqual([]);
    const { providerKeys } = loadConfig({
      ANTHROPIC_API_KEY: ' sk-ant-env\n',
      GEMINI_API_KEY: 'gem-key',
      OTTO_PROVIDER_KEYS: 'openai=sk-openai, anthropic = sk-ant-list',
    });
    expect(providerKeys).toEqual([
      { providerId: 'anthropic', key: 'sk-ant-list', source: 'OTTO_PROVIDER_KEYS' },
      { providerId: 'google', key: 'gem-key', source: 'GEMINI_API_KEY' },
      { providerId: 'openai', key: 'sk-openai', source: 'OTTO_PROVIDER_KEYS' },
    ]);
  });

  it('refuses malformed provider keys with a clear line that never holds the key', () => {
    const refuse = (env: Record<string, string>, message: RegExp) => {
      expect(() => loadConfig(env)).toThrow(message);
      expect(() => loadConfig(env)).not.toThrow(/sk-secret/);
    };
    refuse({ OTTO_PROVIDER_KEYS: 'anthropic=sk-ok,sk-secret' }, /OTTO_PROVIDER_KEYS entry 2 must look like provider=key/);
    refuse({ OTTO_PROVIDER_KEYS: '=sk-secret' }, /OTTO_PROVIDER_KEYS entry 1 must start with a provider id/);
    refuse({ OTTO_PROVIDER_KEYS: 'openai=' }, /the key for openai must not be empty/);
    refuse({ OTTO_PROVIDER_KEYS: 'openai=sk-secret with-space' }, /the key for openai must not contain spaces/);
    refuse({ OPENAI_API_KEY: `sk-secret${'x'.repeat(4_096)}` }, /OPENAI_API_KEY must be at most 4096 characters/);
  });
});
