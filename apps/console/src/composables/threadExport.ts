import type { CombinedError } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { ref, shallowRef } from 'vue';
import { saveFile } from '../download';
import { graphql } from '../gql';
import type { ExportFormat } from '../gql/graphql';

const ExportThreadQuery = graphql(`
  query ExportThread($threadId: ID!, $format: ExportFormat!) {
    exportThread(threadId: $threadId, format: $format) {
      filename
      mimeType
      content
      messageCount
      truncated
    }
  }
`);

/**
 * Downloads a thread as the gateway writes it (Markdown or JSON). Asked as a GraphQL query, so an
 * export is authorised and audited (thread.export) like every other read; the file is made here.
 */
export function useThreadExport(threadId: () => string) {
  const { client } = useClientHandle();
  const running = ref<ExportFormat>();
  const error = shallowRef<CombinedError>();
  const note = ref('');

  async function download(format: ExportFormat) {
    if (running.value) return;
    running.value = format;
    error.value = undefined;
    note.value = '';
    const result = await client.query(ExportThreadQuery, { threadId: threadId(), format }, { requestPolicy: 'network-only' }).toPromise();
    running.value = undefined;
    const file = result.data?.exportThread;
    if (!file) {
      error.value = result.error;
      return;
    }
    saveFile(file.filename, file.mimeType, file.content);
    const count = `${file.messageCount} message${file.messageCount === 1 ? '' : 's'}`;
    note.value = file.truncated ? `Downloaded the newest ${count}; older ones were left out.` : `Downloaded ${count}.`;
  }

  return { download, running, error, note };
}
