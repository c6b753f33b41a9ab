import { builder } from '../builder.js';
import { sessionId } from '../rules.js';
import { EXPORT_MAX_MESSAGES, type ThreadExport } from './export.service.js';

const ExportFormat = builder.enumType('ExportFormat', {
  description: 'MARKDOWN to read (tool calls folded in <details>, costs per reply); JSON with every field.',
  values: ['MARKDOWN', 'JSON'] as const,
});

const ThreadExportRef = builder.objectRef<ThreadExport>('ThreadExport').implement({
  description: 'A thread as a file to save.',
  fields: (t) => ({
    filename: t.exposeString('filename', { description: 'e.g. otto-fix-the-login-bug-ses_abc.md' }),
    mimeType: t.exposeString('mimeType'),
    content: t.exposeString('content'),
    messageCount: t.exposeInt('messageCount'),
    truncated: t.exposeBoolean('truncated', { description: `Older messages were left out: an export holds the newest ${EXPORT_MAX_MESSAGES}.` }),
  }),
});

builder.queryField('exportThread', (t) =>
  t.field({
    type: ThreadExportRef,
    authScopes: { viewer: true },
    description: 'A thread and its messages as one document (Markdown or JSON), to download.',
    args: {
      threadId: t.arg.id({ required: true, validate: sessionId }),
      format: t.arg({ type: ExportFormat, required: true }),
    },
    resolve: (_root, { threadId, format }, ctx) => {
      ctx.audit.noteThread(threadId);
      return ctx.services.exports.export(threadId, format);
    },
  }),
);
