import { onScopeDispose } from 'vue';
import { graphql } from '../gql';
import type { ThreadEvent } from '../liveThread';
import { useLiveStream } from './liveStream';

const ThreadEventsSubscription = graphql(`
  subscription ThreadEvents($threadId: ID!) {
    threadEvents(threadId: $threadId) {
      __typename
      ... on MessageDelta {
        messageId
        partId
        kind
        delta
      }
      ... on MessageUpdated {
        message {
          ...MessageFields
        }
      }
      ... on PermissionAsked {
        permission {
          ...PermissionFields
        }
      }
      ... on PermissionReplied {
        permissionId
      }
      ... on QuestionAsked {
        question {
          ...QuestionFields
        }
      }
      ... on QuestionReplied {
        questionId
      }
      ... on ThreadUpdated {
        thread {
          ...ThreadDetail
        }
      }
    }
  }
`);

export interface ThreadEventsOptions {
  /** Events in the order they happened, handed over at most once per animation frame. */
  onEvents: (events: ThreadEvent[]) => void;
  /** The stream has (again) started: read the thread afresh, it may have missed something. */
  onOpen: () => void;
}

/** Waits for the next frame while the page is shown; a hidden page gets no frames, so a timer there. */
function nextFrame(run: () => void): () => void {
  if (document.visibilityState === 'hidden') {
    const timer = setTimeout(run, 250);
    return () => clearTimeout(timer);
  }
  const frame = requestAnimationFrame(run);
  return () => cancelAnimationFrame(frame);
}

/** Everything that happens in one thread, live; `live` says whether the stream is up. */
export function useThreadEvents(threadId: () => string, options: ThreadEventsOptions) {
  const queue: ThreadEvent[] = [];
  let cancel: (() => void) | undefined;
  const flush = () => {
    cancel = undefined;
    if (queue.length) options.onEvents(queue.splice(0));
  };
  const stream = useLiveStream({
    name: 'thread',
    document: ThreadEventsSubscription,
    variables: () => ({ threadId: threadId() }),
    onData: (data) => {
      queue.push(data.threadEvents);
      // A reply streams in many small deltas: they are applied, and the markdown rendered, once a frame.
      cancel ??= nextFrame(flush);
    },
    onOpen: options.onOpen,
  });
  onScopeDispose(() => cancel?.());
  return stream;
}
