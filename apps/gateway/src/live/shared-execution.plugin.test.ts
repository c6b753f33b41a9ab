import { describe, expect, it } from 'vitest';
import { codedError, type ErrorCode } from '../errors.js';
import { BoundedStream } from './bounded-stream.js';
import { endWithCodedError } from './shared-execution.plugin.js';

describe('endWithCodedError', () => {
  it('ends a stream that fell too far behind with SLOW_CONSUMER as its last event, and says so', async () => {
    const source = new BoundedStream(1, () => undefined);
    const told: ErrorCode[] = [];
    const mapped = endWithCodedError(source, async (event) => ({ data: { event } }), (code) => told.push(code));
    source.push({ kind: 'thread', threadId: 't1' });
    source.push({ kind: 'thread', threadId: 't2' });
    const last = await mapped.next();
    expect((last.value as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('SLOW_CONSUMER');
    expect(told).toEqual(['SLOW_CONSUMER']);
    expect(await mapped.next()).toEqual({ value: undefined, done: true });
  });

  it('ends the source at once when the subscriber leaves while waiting for an event', async () => {
    let closed = false;
    const source = new BoundedStream(5, () => (closed = true));
    const mapped = endWithCodedError(source, async (event) => ({ data: { event } }), () => undefined);
    const waiting = mapped.next();
    await mapped.return!();
    expect(closed).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
  });

  it('passes an error without a code on', async () => {
    const failing: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('boom')) }) };
    await expect(endWithCodedError(failing, async () => ({}), () => undefined).next()).rejects.toThrow('boom');
    expect(codedError('SLOW_CONSUMER', 'x').extensions.code).toBe('SLOW_CONSUMER');
  });
});
