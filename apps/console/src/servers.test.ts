import { describe, expect, it } from 'vitest';
import { choosableServers, healthSignature, isServerDown, keptServerFilter, serverOutage, shortInstanceId, type ServerHealth } from './servers';

const server = (name: string, status: ServerHealth['status'] = 'UP'): ServerHealth => ({ name, status });

describe('several OpenCode servers in the console', () => {
  it('offers no server choice, filter or badge with a single server, and every server, in order, with several', () => {
    expect(choosableServers([])).toEqual([]);
    expect(choosableServers([server('default')])).toEqual([]);
    expect(choosableServers([server('web'), server('api')])).toEqual(['web', 'api']);
  });

  it("keeps the list's server filter while that server exists, and falls back to every server once it does not", () => {
    expect(keptServerFilter('api', ['web', 'api'])).toBe('api');
    expect(keptServerFilter('gone', ['web', 'api'])).toBe('');
    expect(keptServerFilter('api', [])).toBe('');
    expect(keptServerFilter('', ['web', 'api'])).toBe('');
    // Not read yet (a poll failed): the operator's choice stays.
    expect(keptServerFilter('api', undefined)).toBe('api');
  });

  it("judges a thread by its own server's health, and by the default server's when its server is not listed", () => {
    const servers = [server('web', 'DOWN'), server('api')];
    expect(isServerDown(servers, 'web', 'DOWN')).toBe(true);
    expect(isServerDown(servers, 'api', 'DOWN')).toBe(false);
    expect(isServerDown([], 'web', 'DOWN')).toBe(true);
    expect(isServerDown([], undefined, 'UP')).toBe(false);
    expect(isServerDown([server('web', 'DEGRADED')], 'web', 'UP')).toBe(false);
  });

  it("changes its health signature with any server's status: back from DOWN its threads stay UNKNOWN until its event stream is too (DEGRADED → UP)", () => {
    const up = healthSignature([server('web'), server('api')]);
    const down = healthSignature([server('web'), server('api', 'DOWN')]);
    const streamless = healthSignature([server('web'), server('api', 'DEGRADED')]);
    expect(new Set([up, down, streamless]).size).toBe(3);
    expect(healthSignature([server('web'), server('api')])).toBe(up);
  });

  it('names the servers in trouble in the banner, and leaves a single server to the banner that says "OpenCode"', () => {
    expect(serverOutage([server('default', 'DOWN')])).toBeNull();
    expect(serverOutage([server('web'), server('api')])).toBeNull();
    expect(serverOutage([server('web'), server('api', 'DOWN')])).toEqual({
      level: 'warn',
      text: "OpenCode server “api” is unreachable. Its threads are shown from the gateway's cache and sending to them is disabled until it is back.",
    });
    expect(serverOutage([server('web', 'DOWN'), server('api', 'DOWN'), server('docs')])?.text).toMatch(/^OpenCode servers “web”, “api” are unreachable\. Their threads .* until they are back\.$/);
    expect(serverOutage([server('web', 'DOWN'), server('api', 'DOWN')])?.text).toMatch(/^OpenCode servers “web”, “api” are unreachable\. Threads are shown/);
    // Down outweighs slow: the one that cannot be reached is what the operator must hear of.
    expect(serverOutage([server('web', 'DEGRADED'), server('api', 'DOWN')])?.level).toBe('warn');
    expect(serverOutage([server('web', 'DEGRADED'), server('api')])).toEqual({
      level: 'info',
      text: 'OpenCode server “web” is answering slowly or without its event stream; updates may lag.',
    });
  });

  it("shortens the answering gateway's instance id as git shortens a hash", () => {
    expect(shortInstanceId('3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b')).toBe('3f2a9c1e');
  });
});
