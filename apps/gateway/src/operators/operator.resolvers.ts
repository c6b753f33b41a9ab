import type { Role } from '@otto/store';
import { z } from 'zod';
import { SCOPE_OF } from '../auth/roles.js';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { DateTime } from '../scalars.js';
import { ApiTokenRef, ConsoleSessionRef, CreateApiTokenPayload, OperatorRef, RoleEnum } from './operator.types.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, . _ or -, starting with a letter or digit');
const password = z.string().min(12, 'must have at least 12 characters').max(1_024, 'must have at most 1024 characters');
const tokenName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const id = z.string().max(100, 'is not an id this API returned');

/** The caller, which auth put on the context before any field runs. */
const callerOf = (ctx: GatewayContext) => {
  if (!ctx.caller) throw new Error('no caller on an authenticated request');
  return ctx.caller;
};

builder.queryField('me', (t) =>
  t.field({ type: OperatorRef, authScopes: { viewer: true }, resolve: (_root, _args, ctx) => ctx.services.operators.me(callerOf(ctx)) }),
);

builder.queryField('operators', (t) =>
  t.field({ type: [OperatorRef], authScopes: { admin: true }, resolve: (_root, _args, ctx) => ctx.services.operators.list() }),
);

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiTokenRef],
    description: 'Your tokens; an admin sees everyone\'s.',
    authScopes: { viewer: true },
    resolve: (_root, _args, ctx) => ctx.services.operators.tokens(callerOf(ctx)),
  }),
);

builder.queryField('consoleSessions', (t) =>
  t.field({
    type: [ConsoleSessionRef],
    description: 'Your signed-in browsers.',
    authScopes: { viewer: true },
    resolve: (_root, _args, ctx) => ctx.services.operators.sessions(callerOf(ctx)),
  }),
);

const CreateOperatorInput = builder.inputType('CreateOperatorInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: name }),
    password: t.string({ required: true, description: 'At least 12 characters.', validate: password }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

builder.mutationField('createOperator', (t) =>
  t.field({
    type: OperatorRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operators.create(input),
  }),
);

const UpdateOperatorInput = builder.inputType('UpdateOperatorInput', {
  fields: (t) => ({
    id: t.id({ required: true, validate: id }),
    role: t.field({ type: RoleEnum }),
    disabled: t.boolean({ description: 'A disabled operator\'s sessions and tokens stop working at once.' }),
  }),
});

builder.mutationField('updateOperator', (t) =>
  t.field({
    type: OperatorRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: UpdateOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.operators.update(input.id, { role: input.role ?? undefined, disabled: input.disabled ?? undefined }),
  }),
);

const SetPasswordInput = builder.inputType('SetPasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ description: 'Your current password, when changing your own.' }),
    newPassword: t.string({ required: true, validate: password }),
    operatorId: t.id({ description: 'Someone else\'s (ADMIN only); yours when unset.', validate: id }),
  }),
});

builder.mutationField('setPassword', (t) =>
  t.field({
    type: OperatorRef,
    description: 'Sets a password; the operator\'s other console sessions end.',
    // One's own password is anyone's to change; another's only an admin's.
    authScopes: (_root, { input }, ctx) => (input.operatorId && input.operatorId !== ctx.caller?.operatorId ? { admin: true } : { viewer: true }),
    args: { input: t.arg({ type: SetPasswordInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.operators.setPassword(callerOf(ctx), {
        operatorId: input.operatorId ?? undefined,
        currentPassword: input.currentPassword ?? undefined,
        newPassword: input.newPassword,
      }),
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: tokenName }),
    role: t.field({ type: RoleEnum, description: 'At most your own; your role when unset.' }),
    expiresAt: t.field({ type: DateTime }),
    operatorId: t.id({ description: 'Whose token (ADMIN only); yours when unset.', validate: id }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenPayload,
    // A token for oneself with a role one holds; for someone else, only an admin.
    authScopes: (_root, { input }, ctx) => ({
      $all: {
        [SCOPE_OF[(input.role as Role | null | undefined) ?? 'VIEWER']]: true,
        ...(input.operatorId && input.operatorId !== ctx.caller?.operatorId ? { admin: true } : {}),
      },
    }),
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.operators.createToken(callerOf(ctx), {
        name: input.name,
        role: input.role ?? undefined,
        expiresAt: input.expiresAt ? input.expiresAt.getTime() : undefined,
        operatorId: input.operatorId ?? undefined,
      }),
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: ApiTokenRef,
    // One's own token, or (an admin) anyone's.
    authScopes: async (_root, args, ctx) =>
      (await ctx.services.operators.tokenOwner(args.id)) === ctx.caller?.operatorId ? { viewer: true } : { admin: true },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: (_root, args, ctx) => ctx.services.operators.revokeToken(args.id),
  }),
);

builder.mutationField('revokeConsoleSession', (t) =>
  t.field({
    type: ConsoleSessionRef,
    description: 'Signs one of your browsers out.',
    authScopes: { viewer: true },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: (_root, args, ctx) => ctx.services.operators.revokeSession(callerOf(ctx), args.id),
  }),
);
