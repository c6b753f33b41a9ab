import type { OpencodeProvider, OpencodeProviderModel } from '@otto/opencode';
import { builder } from '../builder.js';

const ProviderModelRef = builder.objectRef<OpencodeProviderModel>('ProviderModel').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
  }),
});

export const ProviderRef = builder.objectRef<OpencodeProvider>('Provider').implement({
  description: 'A model provider OpenCode offers. Its key is write-only: no field ever returns it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "OpenCode's provider id, e.g. anthropic or openai." }),
    name: t.exposeString('name'),
    connected: t.exposeBoolean('connected', {
      description: 'OpenCode has a key for it (stored, or from its own environment), or it is defined in OpenCode\'s config (then it counts as connected with or without a key).',
    }),
    models: t.field({ type: [ProviderModelRef], description: 'Its default model first.', resolve: (provider) => provider.models }),
  }),
});
