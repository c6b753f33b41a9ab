import { describe, expect, it } from 'vitest';
import { codeOf } from '../errors.js';
import { BoundedStream, type LiveItem } from './bounded-stream.js';

const delta = (messageId: string, text: string): LiveItem => ({ kind: 'delta', messageId, partId: 'prt_1', text: true, delta: text });
const drain = async (stream: BoundedStream) => {
  const items: LiveItem[] = [];
  while (stream.length > 0) items.push((await stream.next()).value as LiveItem);
  return items;
};

describe('BoundedStream', () => {
  it('hands items over in order, to a reader already waiting too', async () => {
    const stream = new BoundedStream(10, () => undefined);
    const waiting = stream.next();
    stream.push(delta('m1', 'a'));
    expect((await waiting).value).toEqual(delta('m1', 'a'));
    stream.push(delta('m1', 'b'));
    stream.push({ kind: 'thread', threadId: 't1' });
    expect(await drain(stream)).toEqual([delta('m1', 'b'), { kind: 'thread', threadId: 't1' }]);
  });

  it('folds a slow reader\'s deltas into one catch-up item for their message, and holds that message\'s later deltas in it', async () => {
    const stream = new BoundedStream(3, () => undefined);
    stream.push({ kind: 'thread', threadId: 't1' });
    stream.push(delta('m1', 'a'));
    stream.push(delta('m1', 'b'));
    stream.push(delta('m1', 'c'));
    stream.push(delta('m1', 'd'));
    expect(await drain(stream)).toEqual([{ kind: 'thread', threadId: 't1' }, { kind: 'message', messageId: 'm1' }]);
    // Delivered: from here the message's deltas go through again.
    stream.push(delta('m1', 'e'));
    expect(await drain(stream)).toEqual([delta('m1', 'e')]);
  });

  it('moves a thread or message item queued again to the end, once', async () => {
    const stream = new BoundedStream(10, () => undefined);
    stream.push({ kind: 'thread', threadId: 't1' });
    stream.push(delta('m1', 'a'));
    stream.push({ kind: 'thread', threadId: 't1' });
    expect(await drain(stream)).toEqual([delta('m1', 'a'), { kind: 'thread', threadId: 't1' }]);
  });

  it('ends with SLOW_CONSUMER when nothing queued can give way, and says it is closed', async () => {
    let closed = 0;
    const stream = new BoundedStream(2, () => (closed += 1));
    stream.push({ kind: 'thread', threadId: 't1' });
    stream.push({ kind: 'thread', threadId: 't2' });
    stream.push({ kind: 'thread', threadId: 't3' });
    const error = await stream.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('SLOW_CONSUMER');
    expect(closed).toBe(1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('closes once when the subscriber leaves', async () => {
    let closed = 0;
    const stream = new BoundedStream(2, () => (closed += 1));
    await stream.return();
    await stream.return();
    stream.push(delta('m1', 'a'));
    expect(closed).toBe(1);
    expect(stream.length).toBe(0);
  });
});
