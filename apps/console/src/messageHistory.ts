import type { MessageFieldsFragment } from './gql/graphql';

export type Message = MessageFieldsFragment;

/** Oldest first; equal times by id. */
export function compareMessages(a: Message, b: Message): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Folds a fresh "latest messages" page into what is already shown. The page is the whole truth from its
 * first message on; anything before it (older pages, or messages the window slid past since the last
 * poll) is kept, so history never disappears from the top while the operator reads.
 */
export function mergeLatest(known: readonly Message[], latest: readonly Message[]): Message[] {
  const first = latest[0];
  if (!first) return [];
  return [...known.filter((message) => compareMessages(message, first) < 0), ...latest];
}

/** Adds a page of older messages in front of what is shown. */
export function mergeOlder(known: readonly Message[], older: readonly Message[]): Message[] {
  const ids = new Set(known.map((message) => message.id));
  return [...older.filter((message) => !ids.has(message.id)), ...known].sort(compareMessages);
}
