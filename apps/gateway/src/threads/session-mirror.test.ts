import { isDeepStrictEqual } from 'node:util';
import {
  createFakeOpencode,
  newMessageId,
  type FakeOpencode,
  type OpencodeEvent,
  type OpencodePort,
  type OpencodeSession,
} from '@otto/opencode';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually as eventuallyWithin } from '../../test/harness.js';
import { SessionMirror, type MirrorOptions } from './session-mirror.js';

/** Polls every 2 ms: everything here happens within a few event-loop turns. */
const eventually = <T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>) =>
  eventuallyWithin(async () => check(), 2_000, 2);

/** Lets the fake deliver what it has published (its streams deliver a macrotask later). */
const delivered = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const closable of open.splice(0)) closable.close();
});

function mirrorOf(fake: FakeOpencode, options: MirrorOptions = {}): SessionMirror {
  // A periodic reconcile would heal what a test means to see the events do, so it waits unless asked.
  const mirror = new SessionMirror(fake, { reconcileIntervalMs: 60_000, reconnectDelayMs: 5, ...options });
  open.push(mirror);
  mirror.start();
  return mirror;
}

async function liveMirror(fake: FakeOpencode, options: MirrorOptions = {}): Promise<SessionMirror> {
  const mirror = mirrorOf(fake, options);
  await eventually(() => mirror.isLive());
  return mirror;
}

/** What the mirror holds, in the shape a fresh reconcile would give. */
function mirrored(mirror: SessionMirror) {
  const view = mirror.view();
  if (!view) return null;
  const ids = [...view.sessions.keys()].sort();
  return {
    sessions: ids.map((id) => view.sessions.get(id)),
    statuses: Object.fromEntries([...view.statuses].sort(([a], [b]) => (a < b ? -1 : 1))),
    permissions: ids.flatMap((id) => mirror.pendingPermissions(id).map((permission) => permission.id)).sort(),
  };
}

/** What OpenCode itself lists right now: what a fresh reconcile would find. */
async function listed(fake: FakeOpencode) {
  const [sessions, statuses, permissions] = await Promise.all([fake.listSessions(), fake.sessionStatus(), fake.listPermissions()]);
  return {
    sessions: sessions.sort((a, b) => (a.id < b.id ? -1 : 1)),
    statuses: Object.fromEntries(Object.entries(statuses).sort(([a], [b]) => (a < b ? -1 : 1))),
    permissions: permissions.map((permission) => permission.id).sort(),
  };
}

const sessionEvent = (type: 'session.created' | 'session.updated' | 'session.deleted', info: OpencodeSession): OpencodeEvent => ({
  id: `evt_${type}_${info.id}`,
  type,
  properties: { sessionID: info.id, info },
});

const prompt = (fake: FakeOpencode, sessionId: string, text = 'hello') =>
  fake.promptAsync({ sessionId, messageId: newMessageId(), text });

describe('SessionMirror', () => {
  it('becomes live after connecting and reconciling, listing sessions created before and after it started', async () => {
    const fake = createFakeOpencode();
    const before = await fake.createSession({ title: 'before' });
    const mirror = mirrorOf(fake);
    expect(mirror.view()).toBeNull();

    await eventually(() => mirror.isLive());
    expect(fake.calls).toEqual(expect.arrayContaining(['event.subscribe', 'session.list', 'session.status', 'permission.list']));
    expect(mirror.view()?.sessions.get(before.id)?.title).toBe('before');

    const after = await fake.createSession({ title: 'after' });
    await eventually(() => mirror.view()?.sessions.has(after.id));
    expect([...(mirror.view()?.sessions.keys() ?? [])].sort()).toEqual([before.id, after.id].sort());
  });

  it('answers a thread-list read without calling OpenCode once live', async () => {
    const fake = createFakeOpencode();
    await fake.createSession({ title: 'one' });
    const mirror = await liveMirror(fake);
    fake.calls.length = 0;

    for (let i = 0; i < 10; i++) {
      expect(mirror.view()?.sessions.size).toBe(1);
      expect((await mirror.freshView())?.sessions.size).toBe(1);
    }
    expect(fake.calls).toEqual([]);
  });

  it('follows sessions being created, updated and deleted', async () => {
    const fake = createFakeOpencode();
    const mirror = await liveMirror(fake);

    const session = await fake.createSession({ title: 'draft' });
    await eventually(() => mirror.view()?.sessions.get(session.id)?.title === 'draft');

    fake.emit(sessionEvent('session.updated', { ...session, title: 'renamed' }));
    await eventually(() => mirror.view()?.sessions.get(session.id)?.title === 'renamed');

    await fake.deleteSession(session.id);
    await eventually(() => mirror.view()?.sessions.has(session.id) === false);
  });

  it('follows a session going busy while it answers, then idle', async () => {
    const fake = createFakeOpencode({ replyDelayMs: 20 });
    const mirror = await liveMirror(fake);
    const session = await fake.createSession({});

    await prompt(fake, session.id);
    await eventually(() => mirror.view()?.statuses.get(session.id)?.type === 'busy');
    await eventually(() => mirror.view()?.statuses.has(session.id) === false);
    expect(await fake.sessionStatus()).toEqual({});
  });

  it('follows a permission being asked, then replied', async () => {
    const fake = createFakeOpencode();
    fake.scriptReplies(() => ({ bash: 'ls -la' }));
    const mirror = await liveMirror(fake);
    const session = await fake.createSession({});

    await prompt(fake, session.id);
    const [asked] = await eventually(() => {
      const pending = mirror.pendingPermissions(session.id);
      return pending.length > 0 && pending;
    });
    expect(asked).toMatchObject({ sessionID: session.id, permission: 'bash', patterns: ['ls -la'] });
    expect(mirror.hasPermission(session.id, asked!.id)).toBe(true);
    expect(mirror.hasPermission('ses_other', asked!.id)).toBe(false);

    await fake.replyPermission(asked!.id, 'once');
    await eventually(() => !mirror.hasPermission(session.id, asked!.id));
    expect(mirror.pendingPermissions(session.id)).toEqual([]);
    await eventually(() => mirror.view()?.statuses.has(session.id) === false);
  });

  /** Creates, prompts (one asking a permission) and deletes, then waits until OpenCode is done. */
  async function busyAfternoon(fake: FakeOpencode) {
    fake.scriptReplies((text) => (text === 'ask' ? { bash: 'make' } : undefined));
    const kept = await fake.createSession({ title: 'kept' });
    const gone = await fake.createSession({ title: 'gone' });
    const waiting = await fake.createSession({ title: 'waiting' });
    await prompt(fake, kept.id);
    await prompt(fake, waiting.id, 'ask');
    await eventually(async () => (await fake.listPermissions()).length === 1);
    await fake.deleteSession(gone.id);
    await eventually(async () => isDeepStrictEqual(await fake.sessionStatus(), { [waiting.id]: { type: 'busy' } }));
    const expected = await listed(fake);
    expect(expected.sessions.map((session) => session.id).sort()).toEqual([kept.id, waiting.id].sort());
    expect(expected.permissions).toHaveLength(1);
    return expected;
  }

  it('ends in the same state as a fresh reconcile when every event arrives twice', async () => {
    const fake = createFakeOpencode({ replyDelayMs: 5, eventOrder: 'duplicated' });
    const mirror = await liveMirror(fake);
    const expected = await busyAfternoon(fake);
    await delivered();
    expect(mirrored(mirror)).toEqual(expected);
  });

  it('ends in the same state as a fresh reconcile by its next reconcile when events arrive out of order', async () => {
    // Reversed, `busy, idle` arrives as `idle, busy`: no event says which came last, so only the
    // periodic reconcile can put the status right. It must, and events must not undo it.
    const fake = createFakeOpencode({ replyDelayMs: 5, eventOrder: 'reversed' });
    const mirror = await liveMirror(fake, { reconcileIntervalMs: 10 });
    const expected = await busyAfternoon(fake);
    await eventually(async () => {
      await delivered();
      return isDeepStrictEqual(mirrored(mirror), expected);
    });
  });

  it('is not live after OpenCode crashes, yet still knows what each session was', async () => {
    const fake = createFakeOpencode();
    let disconnects = 0;
    const mirror = await liveMirror(fake, { onDisconnect: () => (disconnects += 1) });
    const session = await fake.createSession({ title: 'remembered' });
    await eventually(() => mirror.view()?.sessions.has(session.id));

    fake.crash();
    await eventually(() => disconnects > 0);
    expect(mirror.isLive()).toBe(false);
    expect(mirror.view()).toBeNull();
    expect(await mirror.freshView()).toBeNull();
    expect(mirror.pendingPermissions(session.id)).toEqual([]);
    expect(mirror.lastKnown(session.id)?.title).toBe('remembered');
  });

  it('reconnects when nudged after a restart, and is live again with what changed while it was down', async () => {
    const fake = createFakeOpencode();
    // A long backoff: only the nudge (health seeing OpenCode back) brings the stream back in time.
    const mirror = await liveMirror(fake, { reconnectDelayMs: 60_000 });
    const deleted = await fake.createSession({ title: 'deleted while down' });
    await eventually(() => mirror.view()?.sessions.has(deleted.id));

    fake.crash();
    await eventually(() => !mirror.isLive());
    fake.restart();
    // Changes the mirror's stream does not see: it is not connected.
    await fake.deleteSession(deleted.id);
    const created = await fake.createSession({ title: 'created while down' });
    await delivered();
    expect(mirror.view()).toBeNull();
    expect(mirror.lastKnown(deleted.id)).toBeDefined();

    mirror.nudge();
    await eventually(() => mirror.isLive());
    expect(mirror.view()?.sessions.has(deleted.id)).toBe(false);
    expect(mirror.view()?.sessions.get(created.id)?.title).toBe('created while down');
  });

  it('keeps the events that arrive while a reconcile is in flight', async () => {
    const fake = createFakeOpencode();
    const existing = await fake.createSession({ title: 'existing' });
    const mirror = await liveMirror(fake);
    const late = { ...existing, id: 'ses_late', title: 'announced during the reconcile' };

    fake.stall(20);
    const reconciling = mirror.reconcile();
    await eventually(() => fake.calls.filter((call) => call === 'session.list').length === 2);
    fake.emit(sessionEvent('session.created', late));
    fake.emit({ id: 'evt_busy', type: 'session.status', properties: { sessionID: late.id, status: { type: 'busy' } } });
    fake.emit(sessionEvent('session.deleted', existing));
    await delivered();
    await reconciling;

    // The lists were answered without any of it; the events are newer, so they win.
    const view = mirror.view();
    expect(view?.sessions.get(late.id)?.title).toBe('announced during the reconcile');
    expect(view?.statuses.get(late.id)).toEqual({ type: 'busy' });
    expect(view?.sessions.has(existing.id)).toBe(false);
  });

  it('retries with heal() a reconcile that failed after connecting', async () => {
    // OpenCode still starting: it accepts the stream, then the lists time out.
    const fake = createFakeOpencode({ timeoutMs: 10 });
    fake.stall(30);
    const mirror = mirrorOf(fake);
    await eventually(() => fake.calls.includes('session.list'));
    await expect(mirror.reconcile()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(mirror.isLive()).toBe(false);

    fake.stall(0);
    const session = await fake.createSession({ title: 'after the start' });
    mirror.heal();
    await eventually(() => mirror.isLive());
    expect(mirror.view()?.sessions.has(session.id)).toBe(true);
  });

  it('does nothing on heal() while the stream is down', async () => {
    const fake = createFakeOpencode();
    const mirror = await liveMirror(fake, { reconnectDelayMs: 60_000 });
    fake.crash();
    await eventually(() => !mirror.isLive());
    fake.restart();
    fake.calls.length = 0;
    mirror.heal();
    await delivered();
    expect(fake.calls).toEqual([]);
    expect(mirror.isLive()).toBe(false);
  });

  it('counts a session a mutation remembers as a change, before its event arrives', async () => {
    const fake = createFakeOpencode();
    const mirror = await liveMirror(fake);
    const before = mirror.version;
    const session = await fake.createSession({ title: 'just made' });
    mirror.remember(session);
    // A reader comparing versions (the thread list's memo) must see that what it derived is stale.
    expect(mirror.version).toBeGreaterThan(before);
    expect(mirror.view()?.sessions.get(session.id)?.title).toBe('just made');
  });

  it('answers a read while the stream is down from fresh lists, without claiming to be live', async () => {
    const fake = createFakeOpencode();
    const mirror = await liveMirror(fake, { reconnectDelayMs: 60_000 });
    fake.crash();
    await eventually(() => !mirror.isLive());
    fake.restart();
    const first = await fake.createSession({ title: 'first' });

    expect((await mirror.freshView())?.sessions.has(first.id)).toBe(true);
    // Nothing keeps those lists current without the stream: not live, so health says DEGRADED and
    // the next read asks again.
    expect(mirror.isLive()).toBe(false);
    expect(mirror.view()).toBeNull();
    const second = await fake.createSession({ title: 'second' });
    expect((await mirror.freshView())?.sessions.has(second.id)).toBe(true);

    mirror.nudge();
    await eventually(() => mirror.isLive());
  });

  it('goes live only on lists asked for after the stream came back', async () => {
    // Lists OpenCode answers at once but that reach the mirror late (a slow network), so that the
    // stream can come back while they are in flight.
    const fake = createFakeOpencode();
    let held: Promise<void> | undefined;
    const port: OpencodePort = {
      ...fake,
      listSessions: async () => {
        const sessions = await fake.listSessions();
        await held;
        return sessions;
      },
    };
    const mirror = new SessionMirror(port, { reconnectDelayMs: 60_000 });
    open.push(mirror);
    mirror.start();
    await eventually(() => mirror.isLive());
    const deleted = await fake.createSession({ title: 'deleted before the stream came back' });
    await eventually(() => mirror.view()?.sessions.has(deleted.id));
    fake.crash();
    await eventually(() => !mirror.isLive());
    fake.restart();

    let release!: () => void;
    held = new Promise((resolve) => (release = resolve));
    const read = mirror.freshView();
    await eventually(() => fake.calls.filter((call) => call === 'session.list').length === 2);
    await fake.deleteSession(deleted.id);
    mirror.nudge();
    await eventually(() => fake.calls.filter((call) => call === 'event.subscribe').length === 2);
    await delivered();
    held = undefined;
    release();
    await read;

    await eventually(() => mirror.isLive());
    expect(mirror.view()?.sessions.has(deleted.id)).toBe(false);
  });
});
