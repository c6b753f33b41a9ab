import type { ThreadEventsSubscription, ThreadQuery } from './gql/graphql';
import { applyDelta, upsertMessage } from './liveMessages';
import type { Message } from './messageHistory';

export type ThreadEvent = ThreadEventsSubscription['threadEvents'];
export type ThreadData = NonNullable<ThreadQuery['thread']>;

/** One open thread as the view shows it: the thread (with what it waits on) and its messages. */
export interface ThreadShown {
  thread: ThreadData;
  messages: readonly Message[];
}

function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((known) => known.id === item.id) ? list.map((known) => (known.id === item.id ? item : known)) : [...list, item];
}

function withoutId<T extends { id: string }>(list: readonly T[], id: string): T[] {
  return list.filter((item) => item.id !== id);
}

/** What one event of the thread's stream changes. */
export function applyThreadEvent(shown: ThreadShown, event: ThreadEvent): ThreadShown {
  const { thread } = shown;
  switch (event.__typename) {
    case 'MessageDelta':
      return { ...shown, messages: applyDelta(shown.messages, event) };
    case 'MessageUpdated':
      return { ...shown, messages: upsertMessage(shown.messages, event.message) };
    case 'PermissionAsked':
      return { ...shown, thread: { ...thread, permissions: upsertById(thread.permissions, event.permission) } };
    case 'PermissionReplied':
      return { ...shown, thread: { ...thread, permissions: withoutId(thread.permissions, event.permissionId) } };
    case 'QuestionAsked':
      return { ...shown, thread: { ...thread, questions: upsertById(thread.questions, event.question) } };
    case 'QuestionReplied':
      return { ...shown, thread: { ...thread, questions: withoutId(thread.questions, event.questionId) } };
    case 'ThreadUpdated':
      return { ...shown, thread: { ...thread, ...event.thread } };
  }
}

/**
 * Applies events in order. `resync`: OpenCode is back for this thread (LIVE after another state),
 * and what happened while it was away never came through the stream, so the thread must be read again.
 */
export function applyThreadEvents(shown: ThreadShown, events: readonly ThreadEvent[]): { shown: ThreadShown; resync: boolean } {
  let resync = false;
  for (const event of events) {
    const before = shown.thread.state;
    shown = applyThreadEvent(shown, event);
    if (event.__typename === 'ThreadUpdated' && before !== 'LIVE' && shown.thread.state === 'LIVE') resync = true;
  }
  return { shown, resync };
}
