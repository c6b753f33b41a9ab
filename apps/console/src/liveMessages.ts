import type { DeltaKind } from './gql/graphql';
import { compareMessages, mergeLatest, type Message } from './messageHistory';

type Part = Message['parts'][number];

export interface MessageDelta {
  messageId: string;
  partId: string;
  kind: DeltaKind;
  delta: string;
}

/** As the gateway's Message.text: the text parts, joined by blank lines. */
function joinText(parts: readonly Part[]): string {
  return parts.flatMap((part) => (part.__typename === 'TextPart' ? [part.text] : [])).join('\n\n');
}

/**
 * Appends a delta to its part. A delta for a message not shown yet is dropped: the message itself
 * (MessageUpdated) comes with everything it holds so far. A part not seen yet starts with the delta.
 */
export function applyDelta(messages: readonly Message[], delta: MessageDelta): readonly Message[] {
  const index = messages.findIndex((message) => message.id === delta.messageId);
  const message = messages[index];
  if (!message) return messages;
  const typename = delta.kind === 'TEXT' ? 'TextPart' : 'ReasoningPart';
  let found = false;
  const parts: Part[] = message.parts.map((part) => {
    if (part.id !== delta.partId || (part.__typename !== 'TextPart' && part.__typename !== 'ReasoningPart')) return part;
    found = true;
    return { ...part, text: part.text + delta.delta };
  });
  if (!found) parts.push({ __typename: typename, id: delta.partId, text: delta.delta });
  const next = [...messages];
  next[index] = { ...message, parts, text: typename === 'TextPart' ? joinText(parts) : message.text };
  return next;
}

/** The whole message as the gateway knows it now: it replaces what was shown (deltas included). */
export function upsertMessage(messages: readonly Message[], message: Message): readonly Message[] {
  const index = messages.findIndex((known) => known.id === message.id);
  if (index >= 0) {
    const next = [...messages];
    next[index] = message;
    return next;
  }
  return [...messages, message].sort(compareMessages);
}

/**
 * A fetched copy of a reply still being written may lag behind the deltas already shown (OpenCode
 * lists a growing text part short, or empty, until it ends): keep the longer text when the fetched
 * one is where it started.
 */
function keepGrowth(fetched: Message, shown: Message | undefined): Message {
  if (!shown || fetched.status !== 'PENDING') return fetched;
  const grown = new Map(shown.parts.map((part) => [part.id, part]));
  let changed = false;
  const parts = fetched.parts.map((part) => {
    const before = grown.get(part.id);
    const longer =
      before &&
      (part.__typename === 'TextPart' || part.__typename === 'ReasoningPart') &&
      before.__typename === part.__typename &&
      before.text.length > part.text.length &&
      before.text.startsWith(part.text);
    if (!longer) return part;
    changed = true;
    return { ...part, text: before.text };
  });
  return changed ? { ...fetched, parts, text: joinText(parts) } : fetched;
}

/**
 * Folds a fetched "latest messages" page into what is shown. As mergeLatest, and moreover replies
 * being written keep the text already streamed. `live`: the stream is up, so messages newer than the
 * page (it told of them while the page was on its way) stay too; without it the page is the truth.
 */
export function mergeFetched(known: readonly Message[], latest: readonly Message[], live: boolean): Message[] {
  const byId = new Map(known.map((message) => [message.id, message]));
  const page = latest.map((message) => keepGrowth(message, byId.get(message.id)));
  const last = page.at(-1);
  if (!last || !live) return mergeLatest(known, page);
  const inPage = new Set(page.map((message) => message.id));
  const newer = known.filter((message) => !inPage.has(message.id) && compareMessages(message, last) > 0);
  return [...mergeLatest(known, page), ...newer];
}
