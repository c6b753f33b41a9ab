import { builder } from '../builder.js';
import { SystemRef } from '../system/system.types.js';
import { MAX_FILES_PER_MESSAGE, type UploadLimits } from './upload-limits.js';

const UploadLimitsRef = builder.objectRef<UploadLimits>('UploadLimits').implement({
  description: 'What a message may carry as files (SendMessageInput.files).',
  fields: (t) => ({
    maxFileBytes: t.exposeInt('maxFileBytes', { description: 'The largest file, in bytes (OTTO_MAX_UPLOAD_BYTES).' }),
    maxFiles: t.int({ description: 'Files per message.', resolve: () => MAX_FILES_PER_MESSAGE }),
    types: t.stringList({
      description: 'MIME types and type/* patterns taken (OTTO_UPLOAD_TYPES); any text file counts as text/plain. Whether the model takes an image or PDF is ModelInfo.inputs.',
      resolve: (limits) => [...limits.types],
    }),
  }),
});

builder.objectField(SystemRef, 'uploads', (t) =>
  t.field({ type: UploadLimitsRef, resolve: (_system, _args, ctx) => ctx.services.attachments.limits }),
);
