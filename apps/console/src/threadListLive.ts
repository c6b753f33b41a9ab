import type { ThreadSummaryFragment } from './gql/graphql';

export type ThreadSummary = ThreadSummaryFragment;

/** The list as read, with what the stream told since put in place. */
export function patchList<T extends ThreadSummary>(nodes: readonly T[], changed: ReadonlyMap<string, ThreadSummary>): T[] {
  return nodes.map((node) => {
    const patch = changed.get(node.id);
    return patch ? { ...node, ...patch } : node;
  });
}

/**
 * Whether a changed thread may come into the list, leave it or move in it, which only the gateway
 * can tell (its order and filters): then the list is read again. A thread not listed may be new, or
 * newly bound; one whose binding changed may leave an "only bound" list; newer activity may move one
 * up (unless it is first already).
 */
export function listMayMove(listed: readonly ThreadSummary[], changed: ThreadSummary): boolean {
  const index = listed.findIndex((thread) => thread.id === changed.id);
  const before = listed[index];
  if (!before) return true;
  if ((before.binding?.key ?? null) !== (changed.binding?.key ?? null)) return true;
  return index > 0 && changed.updatedAt !== before.updatedAt;
}
