import { builder } from '../builder.js';
import type { Tokens } from './usage.js';

export const TokenUsage = builder.objectRef<Tokens>('TokenUsage').implement({
  fields: (t) => ({
    input: t.exposeInt('input'),
    output: t.exposeInt('output'),
    reasoning: t.exposeInt('reasoning'),
    cacheRead: t.exposeInt('cacheRead'),
    cacheWrite: t.exposeInt('cacheWrite'),
  }),
});

export const Usage = builder.objectRef<{ cost: number; tokens: Tokens }>('Usage').implement({
  fields: (t) => ({
    cost: t.exposeFloat('cost', { description: 'In US dollars, as OpenCode priced it.' }),
    tokens: t.field({ type: TokenUsage, resolve: (usage) => usage.tokens }),
  }),
});
