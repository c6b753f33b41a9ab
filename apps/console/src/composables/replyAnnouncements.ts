import { ref, watch, type Ref } from 'vue';
import type { Message } from '../messageHistory';

const ANNOUNCE_CHARS = 300;

function isSettled(message: Message) {
  return message.role === 'USER' || message.status !== 'PENDING';
}

/**
 * Text for a polite live region: each finished reply, once (also told to `onReply`). What was there when the thread opened, and
 * older pages loaded later (they come in front), are never announced: the walk from the newest message
 * stops at the first one already known.
 */
export function useReplyAnnouncements(messages: Readonly<Ref<readonly Message[]>>, loaded: () => boolean, onReply: (message: Message) => void = () => undefined) {
  const announcement = ref('');
  const known = new Set<string>();
  let primed = false;

  watch(messages, (list) => {
    if (!primed) {
      if (!loaded()) return;
      for (const message of list) if (isSettled(message)) known.add(message.id);
      primed = true;
      return;
    }
    for (const message of [...list].reverse()) {
      if (known.has(message.id)) break;
      if (!isSettled(message)) continue;
      known.add(message.id);
      if (message.role !== 'ASSISTANT') continue;
      onReply(message);
      announcement.value =
        message.status === 'FAILED'
          ? `The assistant's reply failed: ${message.error?.message ?? 'no reason given'}`
          : `Assistant replied: ${message.text.slice(0, ANNOUNCE_CHARS)}`;
    }
  });

  return announcement;
}
