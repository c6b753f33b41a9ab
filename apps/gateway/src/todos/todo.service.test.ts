import { createFakeOpencode, type OpencodeTodo } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { MirrorSignal } from '../threads/session-mirror.js';
import type { Thread } from '../threads/thread-state.js';
import { TodoService } from './todo.service.js';

const todo = (content: string): OpencodeTodo => ({ content, status: 'pending', priority: 'medium' });

async function setup() {
  const opencode = createFakeOpencode();
  const session = await opencode.createSession({});
  let hear: (signal: MirrorSignal) => void = () => undefined;
  const mirror = { live: true, listen: (listener: (signal: MirrorSignal) => void) => ((hear = listener), () => undefined), isLive: () => mirror.live };
  const todos = new TodoService({ opencode, mirror: mirror as unknown as MirrorSet });
  const thread = { id: session.id, state: 'LIVE' } as Thread;
  const updated = (list: OpencodeTodo[]) =>
    hear({ type: 'event', event: { id: 'evt_1', type: 'todo.updated', properties: { sessionID: session.id, todos: list } } });
  const asked = () => opencode.calls.filter((call) => call === 'session.todo').length;
  return { opencode, mirror, todos, thread, updated, asked, hear: (signal: MirrorSignal) => hear(signal) };
}

describe('TodoService', () => {
  it('reads a thread\'s list from OpenCode once, then follows its todo.updated events', async () => {
    const { todos, thread, updated, asked } = await setup();
    expect(await todos.list(thread)).toEqual([]);
    expect(await todos.list(thread)).toEqual([]);
    expect(asked()).toBe(1);
    updated([todo('from the event')]);
    expect(await todos.list(thread)).toEqual([todo('from the event')]);
    expect(asked()).toBe(1);
  });

  it('keeps nothing read while a stream is down, and forgets what it kept when a mirror goes down or comes back', async () => {
    const { todos, thread, updated, asked, mirror, hear } = await setup();
    mirror.live = false;
    await todos.list(thread);
    await todos.list(thread);
    expect(asked()).toBe(2);
    mirror.live = true;
    updated([todo('kept')]);
    hear({ type: 'down' });
    expect(await todos.list(thread)).toEqual([]);
    expect(asked()).toBe(3);
  });

  it('does not keep a read that an event overtook', async () => {
    const { todos, thread, updated, asked } = await setup();
    const reading = todos.list(thread);
    updated([todo('newer')]);
    await reading;
    expect(await todos.list(thread)).toEqual([todo('newer')]);
    expect(asked()).toBe(1);
  });

  it('answers an empty list without asking for a thread OpenCode no longer has or cannot be asked about', async () => {
    const { todos, thread, asked } = await setup();
    expect(await todos.list({ ...thread, state: 'STALE' })).toEqual([]);
    expect(await todos.list({ ...thread, state: 'UNKNOWN' })).toEqual([]);
    expect(asked()).toBe(0);
  });
});
