import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { isConnectionRegistered, parseCloudflaredLine, quickTunnelUrl } from './cloudflared-output.js';
import { tunnelTarget } from './tunnel-target.js';

// Lines as cloudflared 2025 prints them for a quick tunnel.
const QUICK = [
  '2025-06-01T10:50:45Z INF Thank you for trying Cloudflare Tunnel. … follow: https://developers.cloudflare.com/cloudflare-one/connections/connect-apps',
  '2025-06-01T10:50:45Z INF Requesting new quick Tunnel on trycloudflare.com...',
  '2025-06-01T10:50:46Z INF |  https://aware-keeps-dimensional-jimmy.trycloudflare.com                                   |',
  '2025-06-01T10:50:47Z INF Registered tunnel connection connIndex=0 connection=1b2c event=0 ip=198.41.200.13 location=ams01 protocol=quic',
];

describe("cloudflared's output", () => {
  it("finds a quick tunnel's address in its box, and nowhere else", () => {
    expect(QUICK.map(quickTunnelUrl)).toEqual([null, null, 'https://aware-keeps-dimensional-jimmy.trycloudflare.com', null]);
    expect(quickTunnelUrl('2025-06-01T10:50:45Z INF Requesting on https://api.trycloudflare.com/tunnel')).toBeNull();
  });

  it('sees the first registered connection', () => {
    expect(QUICK.map(isConnectionRegistered)).toEqual([false, false, false, true]);
  });

  it('reads each line as a level and a message; a line in another shape is kept whole at warn', () => {
    expect(parseCloudflaredLine('2025-06-01T10:50:47Z ERR Connection terminated error="x" connIndex=0')).toEqual({ level: 'error', message: 'Connection terminated error="x" connIndex=0' });
    expect(parseCloudflaredLine('2025-06-01T10:50:47Z WRN Cannot determine default origin certificate path.')).toMatchObject({ level: 'warn' });
    expect(parseCloudflaredLine('panic: runtime error')).toEqual({ level: 'warn', message: 'panic: runtime error' });
  });
});

describe('tunnel settings', () => {
  it('start nothing by default, and run `cloudflared` from PATH', () => {
    expect(loadConfig({}).tunnel).toEqual({ startWithGateway: false, bin: 'cloudflared', token: undefined, publicUrl: undefined });
    expect(loadConfig({}).cookieSecure).toBe(false);
  });

  it('read OTTO_TUNNEL, OTTO_CLOUDFLARED_BIN, CLOUDFLARED_TOKEN, OTTO_TUNNEL_URL and OTTO_COOKIE_SECURE', () => {
    const config = loadConfig({
      OTTO_TUNNEL: 'cloudflared',
      OTTO_CLOUDFLARED_BIN: '/opt/cloudflared',
      CLOUDFLARED_TOKEN: 'a-named-tunnel-token',
      OTTO_TUNNEL_URL: 'https://otto.example.com/',
      OTTO_COOKIE_SECURE: 'true',
    });
    expect(config.tunnel).toEqual({ startWithGateway: true, bin: '/opt/cloudflared', token: 'a-named-tunnel-token', publicUrl: 'https://otto.example.com' });
    expect(config.cookieSecure).toBe(true);
  });

  it('refuse values they do not understand, in one line', () => {
    expect(() => loadConfig({ OTTO_TUNNEL: 'ngrok' })).toThrow('OTTO_TUNNEL must be cloudflared or off (got "ngrok")');
    expect(() => loadConfig({ OTTO_TUNNEL_URL: 'http://otto.example.com' })).toThrow(/OTTO_TUNNEL_URL must be the tunnel's https address/);
    expect(() => loadConfig({ OTTO_COOKIE_SECURE: 'yes' })).toThrow('OTTO_COOKIE_SECURE must be true or false (got "yes")');
  });

  it('lead the tunnel to loopback when the gateway listens on every interface', () => {
    expect(tunnelTarget('0.0.0.0', 4300)).toBe('http://127.0.0.1:4300');
    expect(tunnelTarget('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(tunnelTarget('::1', 4300)).toBe('http://[::1]:4300');
  });
});
