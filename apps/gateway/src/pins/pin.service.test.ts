import { createOperator, openMemoryStore, type Store } from '@otto/store';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf } from '../errors.js';
import type { Thread, UpstreamView } from '../threads/thread-state.js';
import { PinService } from './pin.service.js';

const thread = (id: string): Thread => ({
  id,
  title: `title of ${id}`,
  state: 'LIVE',
  activity: 'IDLE',
  binding: null,
  server: 'default',
  createdAt: 1,
  updatedAt: 2,
  session: null,
});

/** Counts the statements sent to the database. */
function counting(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery(args) {
      this.count += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

describe('PinService', () => {
  let store: Store;
  let operatorId: string;
  let now: number;
  let known: Set<string>;
  let upstream: UpstreamView | null;
  let changed: string[];
  let statements: ReturnType<typeof counting>;
  let pins: PinService;

  beforeEach(async () => {
    store = await openMemoryStore();
    operatorId = (await createOperator(store.db, { name: 'alice', role: 'VIEWER', passwordHash: null, now: 0 })).id;
    now = 1_000;
    known = new Set(Array.from({ length: 12 }, (_, i) => `ses_${i}`));
    upstream = { sessions: new Map(), statuses: new Map(), servers: new Set(['default']), serverOf: () => 'default' };
    changed = [];
    statements = counting();
    const get = async (id: string) => (known.has(id) ? thread(id) : null);
    pins = new PinService({
      store: { ...store, db: store.db.withPlugin(statements) },
      threads: {
        get,
        require: async (id) => {
          const found = await get(id);
          if (!found) throw new Error('not found');
          return found;
        },
        serverOf: () => 'default',
      },
      upstream: async () => upstream,
      max: 10,
      onChanged: (id) => void changed.push(id),
      now: () => now,
    });
  });
  afterEach(() => store.close());

  it("reads an operator's pins once for a whole list of threads", async () => {
    await pins.pin(operatorId, 'ses_3');
    statements.count = 0;
    const flags = await Promise.all(Array.from({ length: 50 }, (_, i) => pins.isPinned(operatorId, `ses_${i}`)));
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(flags[3]).toBe(true);
    expect(statements.count).toBe(1);
  });

  it('reads them afresh after a pin or unpin here, and after a moment for other gateways', async () => {
    expect(await pins.isPinned(operatorId, 'ses_1')).toBe(false);
    await pins.pin(operatorId, 'ses_1');
    expect(await pins.isPinned(operatorId, 'ses_1')).toBe(true);
    await pins.unpin(operatorId, 'ses_1');
    expect(await pins.isPinned(operatorId, 'ses_1')).toBe(false);
    expect(changed).toEqual(['ses_1', 'ses_1']);
    // Another gateway pins it: this one sees it once its copy has aged.
    await store.db.insertInto('thread_pins').values({ operator_id: operatorId, thread_id: 'ses_2', pinned_at: 5 }).execute();
    expect(await pins.isPinned(operatorId, 'ses_2')).toBe(false);
    now += 1_001;
    expect(await pins.isPinned(operatorId, 'ses_2')).toBe(true);
  });

  it('refuses an 11th pin with BAD_USER_INPUT, and pinning one held again is fine', async () => {
    for (let i = 0; i < 10; i += 1) await pins.pin(operatorId, `ses_${i}`);
    const refused = await pins.pin(operatorId, 'ses_10').catch((error: unknown) => error);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect((refused as Error).message).toMatch(/at most 10/i);
    await expect(pins.pin(operatorId, 'ses_0')).resolves.toMatchObject({ id: 'ses_0' });
    expect((await pins.pinned(operatorId)).map((t) => t.id)).toEqual(Array.from({ length: 10 }, (_, i) => `ses_${i}`));
  });

  it('refuses to pin a thread that does not exist', async () => {
    await expect(pins.pin(operatorId, 'ses_nowhere')).rejects.toThrow('not found');
    expect(await pins.pinned(operatorId)).toEqual([]);
  });

  it('keeps listing a pinned thread gone from everywhere, STALE, or UNKNOWN while OpenCode cannot be asked', async () => {
    await pins.pin(operatorId, 'ses_5');
    known.delete('ses_5');
    expect(await pins.pinned(operatorId)).toEqual([expect.objectContaining({ id: 'ses_5', state: 'STALE', activity: 'IDLE', title: '' })]);
    upstream = null;
    expect(await pins.pinned(operatorId)).toEqual([expect.objectContaining({ id: 'ses_5', state: 'UNKNOWN', activity: 'UNKNOWN' })]);
    expect(await pins.unpin(operatorId, 'ses_5')).toMatchObject({ id: 'ses_5', state: 'UNKNOWN' });
    expect(await pins.pinned(operatorId)).toEqual([]);
  });
});
