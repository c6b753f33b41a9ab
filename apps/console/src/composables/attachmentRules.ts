import { useQuery } from '@urql/vue';
import { computed, type ComputedRef } from 'vue';
import type { AttachmentRules } from '../attachments';
import { graphql } from '../gql';
import type { Message } from '../messageHistory';
import { useModels } from './models';
import { choiceFor } from './threadChoice';

const UploadLimitsQuery = graphql(`
  query UploadLimits {
    system {
      uploads {
        maxFileBytes
        maxFiles
        types
      }
    }
  }
`);

/** The model OpenCode answers a send naming none with: the one of the thread's last message. */
export function lastModelOf(messages: readonly Message[]): string | null {
  const model = messages.at(-1)?.model;
  return model ? `${model.providerId}/${model.modelId}` : null;
}

/**
 * What a thread's composer may attach: the gateway's limits, and what the model the next send goes
 * to reads (the thread's pick, else its last message's). Null until the limits are known.
 */
export function useAttachmentRules(threadId: () => string, messages: () => readonly Message[]): ComputedRef<AttachmentRules | null> {
  const limits = useQuery({ query: UploadLimitsQuery, requestPolicy: 'cache-first' });
  const { models } = useModels();
  return computed(() => {
    const uploads = limits.data.value?.system.uploads;
    if (!uploads) return null;
    const model = choiceFor(threadId()).model ?? lastModelOf(messages());
    const inputs = model ? (models.value.find((candidate) => candidate.name === model)?.inputs ?? null) : null;
    return { ...uploads, model, inputs };
  });
}
