import { nextTick, ref, watch } from 'vue';

/** Older pages read at most while looking for the message: a search hit deep in a long thread still opens near it. */
const MAX_PAGES = 20;

export interface MessageFocusOptions {
  /** The message to bring into view (a search hit), if any. */
  focusId: () => string | undefined;
  messages: () => readonly { id: string }[];
  hasOlder: () => boolean;
  loadingOlder: () => boolean;
  loadOlder: () => void;
  /** The rendered message. */
  element: (id: string) => HTMLElement | null;
  /** It is in view: the list must stop following the bottom. */
  onFocused: () => void;
}

/**
 * Opens a thread at one message: pages back until it is loaded (or there is nothing older), then
 * scrolls it into view and moves the keyboard focus to it. Once per message asked for.
 */
export function useMessageFocus(options: MessageFocusOptions) {
  const focused = ref<string>();
  let pages = 0;
  let done: string | undefined;
  watch(
    [options.focusId, () => options.messages().length, options.loadingOlder],
    async () => {
      const id = options.focusId();
      if (!id || done === id || options.loadingOlder()) return;
      if (options.messages().some((message) => message.id === id)) {
        done = id;
        focused.value = id;
        await nextTick();
        const element = options.element(id);
        options.onFocused();
        element?.scrollIntoView({ block: 'center' });
        element?.focus({ preventScroll: true });
      } else if (options.hasOlder() && pages < MAX_PAGES) {
        pages += 1;
        options.loadOlder();
      } else done = id;
    },
    { immediate: true, flush: 'post' },
  );
  return { focused };
}
