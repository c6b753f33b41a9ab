import { z } from 'zod';
import { builder } from '../builder.js';
import { SystemRef } from '../system/system.types.js';
import { keyProblem } from './provider-keys.js';
import { ProviderRef } from './provider.types.js';

const providerId = z.string().min(1, 'must not be empty').max(100, 'is not a provider id OpenCode offers');
const apiKey = z.string().superRefine((key, ctx) => {
  const problem = keyProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const RELOAD_NOTE =
  'OpenCode then reloads its providers so the next prompt uses the change: replies running at that moment are cut off (they end as aborted), and threads read UNKNOWN for a moment while the gateway reconnects.';

builder.objectField(SystemRef, 'providers', (t) =>
  t.field({
    type: [ProviderRef],
    description: 'Every provider OpenCode offers, connected or not.',
    resolve: (_system, _args, ctx) => ctx.services.providers.list(),
  }),
);

const SetProviderCredentialInput = builder.inputType('SetProviderCredentialInput', {
  fields: (t) => ({
    providerId: t.id({ required: true, description: 'One of system.providers.', validate: providerId }),
    apiKey: t.string({
      required: true,
      description: 'Stored by OpenCode, never by Otto, and never returned. 1 to 4096 characters without spaces or line breaks.',
      validate: apiKey,
    }),
  }),
});

builder.mutationField('setProviderCredential', (t) =>
  t.field({
    type: ProviderRef,
    description: `Puts an API key for a provider into OpenCode (replacing any it had). ${RELOAD_NOTE}`,
    authScopes: { admin: true },
    args: { input: t.arg({ type: SetProviderCredentialInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.providers.setCredential(String(input.providerId), input.apiKey, ctx.audit),
  }),
);

builder.mutationField('removeProviderCredential', (t) =>
  t.field({
    type: ProviderRef,
    description: `Removes the key OpenCode stored for a provider (none stored is no error); a key in OpenCode's own config or environment stays. ${RELOAD_NOTE}`,
    authScopes: { admin: true },
    args: { providerId: t.arg.id({ required: true, validate: providerId }) },
    resolve: (_root, args, ctx) => ctx.services.providers.removeCredential(String(args.providerId), ctx.audit),
  }),
);
