import { existsSync, readFileSync, rmSync } from 'node:fs';
import { prepareOpencodeHome } from '@otto/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createSdkAdapter } from '../src/sdk-adapter.js';
import { superviseOpencode } from '../src/supervisor.js';

// No prompt is sent, so the model URL is never called.
const home = prepareOpencodeHome({ modelUrl: 'http://127.0.0.1:9/v1' });
afterAll(() => rmSync(home.root, { recursive: true, force: true }));

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('superviseOpencode', { timeout: 30_000 }, () => {
  it('reports a crash in the exit event itself, then restarts on the same URL; says when each start serves', async () => {
    const exits: Array<{ signal: string | null; restartInMs: number | null; pidAtReport: number | undefined }> = [];
    const servings: Array<{ pid: number | undefined; state: string }> = [];
    // Without the testkit's switch, to see the supervisor's own.
    const { OPENCODE_ENABLE_QUESTION_TOOL: _, ...env } = home.env;
    const supervisor = await superviseOpencode({
      cwd: home.workspace,
      env,
      initialBackoffMs: 10,
      onExit: ({ signal, restartInMs }) => exits.push({ signal, restartInMs, pidAtReport: supervisor.pid() }),
      onServing: () => servings.push({ pid: supervisor.pid(), state: supervisor.state() }),
    });
    try {
      const adapter = createSdkAdapter({ baseUrl: supervisor.url, password: supervisor.password });
      const first = await until(() => supervisor.pid(), 'the first server');
      // The gateway relays the agent's questions, so its OpenCode always offers the question tool.
      const environ = `/proc/${first}/environ`;
      if (existsSync(environ)) expect(readFileSync(environ, 'utf8').split('\0')).toContain('OPENCODE_ENABLE_QUESTION_TOOL=1');
      await until(() => adapter.health().catch(() => undefined), 'health');

      process.kill(first, 'SIGKILL');
      await until(() => exits[0], 'the exit report');
      // Reported with the delay before the restart, and the dead server already forgotten.
      expect(exits).toEqual([{ signal: 'SIGKILL', restartInMs: 10, pidAtReport: undefined }]);

      const second = await until(() => (supervisor.pid() !== first ? supervisor.pid() : undefined), 'a new server');
      expect(second).not.toBe(first);
      expect(await until(() => adapter.health().catch(() => undefined), 'health again')).toMatchObject({ healthy: true });
      // Once per start, with the server that answers already in place.
      expect(servings).toEqual([
        { pid: first, state: 'RUNNING' },
        { pid: second, state: 'RUNNING' },
      ]);
    } finally {
      await supervisor.stop();
    }
    expect(exits).toHaveLength(1);
  });

  it('stops restarting at a crash loop until restart(), and restarts a running server as planned', async () => {
    const supervisor = await superviseOpencode({ cwd: home.workspace, env: home.env, initialBackoffMs: 10, crashLoop: { maxExits: 2 } });
    try {
      const first = await until(() => supervisor.pid(), 'the first server');
      expect(supervisor.state()).toBe('RUNNING');
      process.kill(first, 'SIGKILL');
      const second = await until(() => (supervisor.pid() !== first ? supervisor.pid() : undefined), 'a restarted server');
      process.kill(second, 'SIGKILL');
      await until(() => (supervisor.state() === 'CRASH_LOOP' ? true : undefined), 'the crash loop');
      expect(supervisor.pid()).toBeUndefined();
      expect(supervisor.startedAt()).toBeUndefined();
      expect(supervisor.restarts().map((event) => [event.signal, event.downMs === null])).toEqual([
        ['SIGKILL', true],
        ['SIGKILL', false],
      ]);

      await supervisor.restart();
      const third = await until(() => supervisor.pid(), 'the server after the crash loop');
      expect(supervisor.state()).toBe('RUNNING');
      expect(supervisor.restarts()[0]?.downMs).toEqual(expect.any(Number));

      await supervisor.restart();
      expect(supervisor.pid()).toBeUndefined();
      const fourth = await until(() => supervisor.pid(), 'the server after a planned restart');
      expect(fourth).not.toBe(third);
      expect(supervisor.state()).toBe('RUNNING');
      // Planned, so not a third crash: it would have been a crash loop again.
      expect(supervisor.restarts()).toHaveLength(3);
      expect(supervisor.restarts()[0]).toMatchObject({ reason: 'restarted on request' });
    } finally {
      await supervisor.stop();
    }
    expect(supervisor.state()).toBe('STOPPED');
  });
});
