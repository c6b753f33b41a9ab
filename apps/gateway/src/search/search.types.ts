import { builder } from '../builder.js';
import { MessageRef } from '../messages/message.types.js';
import { ThreadRef } from '../threads/thread.types.js';
import type { MessageHitView } from './search.service.js';

const TextRange = builder.objectRef<{ start: number; end: number }>('TextRange').implement({
  description: 'A stretch of a string: UTF-16 offsets (JavaScript string indexes), end exclusive.',
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

export const MessageHitRef = builder.objectRef<MessageHitView>('MessageHit').implement({
  description: 'An archived message that matched a search.',
  fields: (t) => ({
    thread: t.field({ type: ThreadRef, resolve: (hit) => hit.thread }),
    message: t.field({ type: MessageRef, description: 'As archived: its text, complete.', resolve: (hit) => hit.message }),
    snippet: t.exposeString('snippet', { description: 'The matching text around the match, plain; … where text was left out.' }),
    highlights: t.field({ type: [TextRange], description: 'The matched words in the snippet, in order.', resolve: (hit) => hit.highlights }),
  }),
});
