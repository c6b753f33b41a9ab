import { watch, type Ref } from 'vue';
import type { ThreadData } from '../liveThread';
import type { Message } from '../messageHistory';
import { notify } from './notifications';

const titleOf = (thread: ThreadData) => thread.title || 'Untitled thread';

/**
 * Notifies, while the tab is hidden, when the open thread's agent asks for a permission or asks a
 * question. What was already waiting when the thread opened is not news. Names what is asked, never
 * the agent's words.
 */
export function useThreadAskNotifications(thread: Readonly<Ref<ThreadData | null | undefined>>) {
  const known = new Set<string>();
  let primed = false;
  watch(thread, (current) => {
    if (!current) return;
    const asks = [
      ...current.permissions.map((permission) => ({ id: permission.id, what: `asks permission to use ${permission.permission}` })),
      ...current.questions.map((question) => ({ id: question.id, what: 'asks you a question' })),
    ];
    for (const ask of asks) {
      if (known.has(ask.id)) continue;
      known.add(ask.id);
      if (primed) notify({ title: titleOf(current), body: `The agent ${ask.what}.`, tag: `ask:${ask.id}`, onlyWhenHidden: true });
    }
    primed = true;
  });
}

/** The notice for a reply that finished (or failed) in the open thread. */
export function notifyReply(thread: ThreadData | null | undefined, message: Message): void {
  if (!thread) return;
  notify({
    title: titleOf(thread),
    body: message.status === 'FAILED' ? "The agent's reply failed." : 'The agent finished its reply.',
    tag: `reply:${thread.id}`,
    onlyWhenHidden: true,
  });
}
