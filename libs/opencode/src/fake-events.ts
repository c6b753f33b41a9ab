import { eventOf } from './fake-records.js';
import type { OpencodeEvent } from './types.js';

/** `reversed`: each burst of events arrives newest first; `duplicated`: every event arrives twice. */
export type FakeEventOrder = 'normal' | 'reversed' | 'duplicated';

export interface FakeStream {
  /** Settles when the stream ends: resolved by its signal, rejected by `close(error)`. */
  done: Promise<void>;
  /** OpenCode answered the subscription: `server.connected` first, then every event published. */
  connect(): void;
  close(error?: unknown): void;
}

/** The fake's event streams, delivering events like a connection would: later, and in the order asked for. */
export function createEventHub(initialOrder: FakeEventOrder) {
  let order = initialOrder;
  const streams = new Set<{ connected: boolean; push(event: OpencodeEvent): void; close(error?: unknown): void }>();

  function ordered(burst: OpencodeEvent[]): OpencodeEvent[] {
    if (order === 'reversed') return burst.reverse();
    if (order === 'duplicated') return burst.flatMap((event) => [event, event]);
    return burst;
  }

  return {
    setOrder(next: FakeEventOrder) {
      order = next;
    },

    publish(event: OpencodeEvent): void {
      for (const stream of streams) if (stream.connected) stream.push(event);
    },

    open(onEvent: (event: OpencodeEvent) => void, signal: AbortSignal): FakeStream {
      let burst: OpencodeEvent[] = [];
      let settle!: (error?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      const stop = () => stream.close();
      const stream = {
        connected: false,
        push(event: OpencodeEvent) {
          burst.push(event);
          if (burst.length > 1) return;
          // A macrotask later, like events off the wire: never inside the call that caused them.
          setImmediate(() => {
            const delivered = ordered(burst);
            burst = [];
            try {
              for (const next of delivered) if (streams.has(stream)) onEvent(structuredClone(next));
            } catch (error) {
              stream.close(error);
            }
          });
        },
        close(error?: unknown) {
          if (!streams.delete(stream)) return;
          signal.removeEventListener('abort', stop);
          settle(error);
        },
      };
      streams.add(stream);
      signal.addEventListener('abort', stop, { once: true });
      return {
        done,
        connect() {
          if (!streams.has(stream) || stream.connected) return;
          stream.connected = true;
          stream.push(eventOf('server.connected', {}));
        },
        close: stream.close,
      };
    },

    closeAll(error: unknown): void {
      for (const stream of [...streams]) stream.close(error);
    },

    /** Ends the streams open now once the events published so far reach them (their delivery is queued first). */
    endAfterDelivery(error: unknown): void {
      const open = [...streams];
      setImmediate(() => {
        for (const stream of open) stream.close(error);
      });
    },
  };
}
