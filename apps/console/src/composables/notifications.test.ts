import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, shallowRef } from 'vue';
import type { ThreadData } from '../liveThread';

const shown: Array<{ title: string; body?: string; tag?: string }> = [];

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'));
  onclick: (() => void) | null = null;
  constructor(title: string, options: { body?: string; tag?: string }) {
    shown.push({ title, ...options });
  }
  close() {}
}

let hidden = true;

beforeEach(() => {
  vi.resetModules();
  shown.length = 0;
  FakeNotification.permission = 'default';
  localStorage.clear();
  vi.stubGlobal('Notification', FakeNotification);
  hidden = true;
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (hidden ? 'hidden' : 'visible'));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const thread = (permissions: string[], questions: string[] = []) =>
  ({
    id: 'ses_1',
    title: 'Nightly build',
    permissions: permissions.map((id) => ({ id, permission: 'bash', patterns: [] })),
    questions: questions.map((id) => ({ id, threadId: 'ses_1', questions: [] })),
  }) as unknown as ThreadData;

describe('notifications', () => {
  it('asks the browser only when turned on, and stays quiet until then', async () => {
    const { useNotifications, notify } = await import('./notifications');
    notify({ title: 'x', body: 'y', tag: 't' });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    expect(shown).toEqual([]);

    const { setting, turnOn, turnOff } = useNotifications();
    expect(setting.value).toBe('off');
    await turnOn();
    expect(setting.value).toBe('on');
    expect(localStorage.getItem('otto.notifications')).toBe('on');
    notify({ title: 'OpenCode is down', body: 'b', tag: 'opencode' });
    expect(shown).toEqual([{ title: 'OpenCode is down', body: 'b', tag: 'opencode' }]);

    turnOff();
    notify({ title: 'again', body: 'b', tag: 'opencode' });
    expect(shown).toHaveLength(1);
  });

  it('says blocked when the browser denied it', async () => {
    FakeNotification.permission = 'denied';
    const { useNotifications } = await import('./notifications');
    expect(useNotifications().setting.value).toBe('blocked');
  });

  it('tells of a new permission or question in the open thread while hidden, not of what was waiting, nor while in view', async () => {
    FakeNotification.permission = 'granted';
    localStorage.setItem('otto.notifications', 'on');
    const { useThreadAskNotifications } = await import('./threadNotifications');
    const current = shallowRef<ThreadData | undefined>();
    effectScope().run(() => useThreadAskNotifications(current));

    current.value = thread(['per_old']);
    await nextTick();
    expect(shown).toEqual([]);

    current.value = thread(['per_old', 'per_new']);
    await nextTick();
    expect(shown).toEqual([{ title: 'Nightly build', body: 'The agent asks permission to use bash.', tag: 'ask:per_new' }]);

    hidden = false;
    current.value = thread(['per_old', 'per_new'], ['que_1']);
    await nextTick();
    expect(shown).toHaveLength(1);
  });

  it('tells when OpenCode goes down, is restarted, and enters a crash loop, in view or not, but not what it was at first', async () => {
    FakeNotification.permission = 'granted';
    localStorage.setItem('otto.notifications', 'on');
    hidden = false;
    const { useOpencodeNotifications } = await import('./opencodeNotifications');
    const system = shallowRef<unknown>();
    effectScope().run(() => useOpencodeNotifications({ system } as never));
    const supervisor = (state: string) => ({ state, restarts: [{ reason: 'opencode serve exited (SIGKILL)' }] });
    const steps: Array<[string, string | null, string]> = [
      ['UP', null, 'RUNNING'],
      ['DEGRADED', null, 'RUNNING'],
      ['DOWN', 'opencode serve exited (SIGKILL)', 'BACKING_OFF'],
      ['DOWN', 'still', 'STARTING'],
      ['UP', null, 'RUNNING'],
      ['DOWN', 'gone', 'CRASH_LOOP'],
    ];
    for (const [status, lastError, state] of steps) {
      system.value = { opencode: { status, lastError }, supervisor: supervisor(state) };
      await nextTick();
    }
    expect(shown.map(({ title, body }) => [title, body])).toEqual([
      ['OpenCode is down', 'opencode serve exited (SIGKILL)'],
      ['OpenCode was restarted', 'It answers again; threads are live.'],
      ['OpenCode keeps crashing', 'opencode serve exited (SIGKILL). No more restarts until an admin restarts it.'],
    ]);
  });

  it('tells of each of several servers by name', async () => {
    FakeNotification.permission = 'granted';
    localStorage.setItem('otto.notifications', 'on');
    const { useOpencodeNotifications } = await import('./opencodeNotifications');
    const system = shallowRef<unknown>();
    effectScope().run(() => useOpencodeNotifications({ system } as never));
    const at = (web: string, ml: string) => ({
      opencode: { status: web, lastError: null },
      supervisor: null,
      opencodeServers: [
        { name: 'web', status: web, lastError: null },
        { name: 'ml', status: ml, lastError: ml === 'DOWN' ? 'connection refused' : null },
      ],
    });
    for (const [web, ml] of [['UP', 'UP'], ['UP', 'DOWN'], ['UP', 'DOWN'], ['UP', 'UP']]) {
      system.value = at(web!, ml!);
      await nextTick();
    }
    expect(shown.map(({ title, body, tag }) => [title, body, tag])).toEqual([
      ['OpenCode server “ml” is down', 'connection refused', 'opencode:ml'],
      ['OpenCode server “ml” is back', 'It answers again; threads are live.', 'opencode:ml'],
    ]);
  });
});
