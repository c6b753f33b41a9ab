import { builder } from '../builder.js';
import type { Tokens } from '../services/messages.js';

export const TokenUsage = builder.objectRef<Tokens>('TokenUsage').implement({
  fields: (t) => ({
    input: t.exposeInt('input'),
    output: t.exposeInt('output'),
    reasoning: t.exposeInt('reasoning'),
    cacheRead: t.exposeInt('cacheRead'),
    cacheWrite: t.exposeInt('cacheWrite'),
  }),
});
