import { ref, shallowRef } from 'vue';
import { describeError } from '../errors';
import { graphql } from '../gql';
import { useAction } from './action';

const PinThreadMutation = graphql(`
  mutation PinThread($threadId: ID!) {
    pinThread(threadId: $threadId) {
      ...ThreadSummary
    }
  }
`);

const UnpinThreadMutation = graphql(`
  mutation UnpinThread($threadId: ID!) {
    unpinThread(threadId: $threadId) {
      ...ThreadSummary
    }
  }
`);

/**
 * Why the last pin or unpin asked from outside the thread page (the palette, which closes at once)
 * did not happen; the thread page's own pin button says it.
 */
export const elsewhereFailure = shallowRef<{ threadId: string; message: string }>();

/**
 * Pins a thread to the operator's dashboard, or unpins it; resolves to whether it is pinned now, or
 * undefined with `failure` saying why nothing changed (an 11th pin: at most 10). With `elsewhere`, the
 * failure is reported through `elsewhereFailure` too.
 */
export function usePinToggle(options: { elsewhere?: boolean } = {}) {
  const pin = useAction(PinThreadMutation);
  const unpin = useAction(UnpinThreadMutation);
  const busy = ref(false);
  const failure = ref('');

  async function toggle(thread: { id: string; pinned: boolean }): Promise<boolean | undefined> {
    busy.value = true;
    failure.value = '';
    const action = thread.pinned ? unpin : pin;
    const data = await action.run({ threadId: thread.id });
    busy.value = false;
    if (options.elsewhere) elsewhereFailure.value = undefined;
    if (!data) {
      failure.value = action.error.value ? describeError(action.error.value) : 'Nothing changed.';
      if (options.elsewhere) elsewhereFailure.value = { threadId: thread.id, message: failure.value };
      return undefined;
    }
    return 'pinThread' in data ? data.pinThread.pinned : data.unpinThread.pinned;
  }

  return { toggle, busy, failure };
}
