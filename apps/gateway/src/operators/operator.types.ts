import { ROLES, type ApiToken, type ConsoleSession, type Operator } from '@otto/store';
import { builder } from '../builder.js';
import { DateTime } from '../scalars.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'VIEWER reads; OPERATOR also acts on threads; ADMIN also manages operators and tokens and reads the audit log.',
  values: ROLES,
});

export const OperatorRef = builder.objectRef<Operator>('Operator').implement({
  description: 'A named person who signs in to the console or owns API tokens.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (operator) => operator.role }),
    disabled: t.exposeBoolean('disabled'),
    createdAt: t.field({ type: DateTime, resolve: (operator) => operator.createdAt }),
    lastSignInAt: t.field({ type: DateTime, nullable: true, resolve: (operator) => operator.lastSignInAt }),
  }),
});

export const ApiTokenRef = builder.objectRef<ApiToken>('ApiToken').implement({
  description: 'A bearer token (otto_…) for scripts, acting for its operator with at most their role.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (token) => token.role }),
    operator: t.field({
      type: OperatorRef,
      resolve: async (token, _args, ctx) => {
        const operator = await ctx.services.operators.operator(token.operatorId);
        if (!operator) throw new Error(`token ${token.id} has no operator`);
        return operator;
      },
    }),
    createdAt: t.field({ type: DateTime, resolve: (token) => token.createdAt }),
    lastUsedAt: t.field({ type: DateTime, nullable: true, resolve: (token) => token.lastUsedAt }),
    expiresAt: t.field({ type: DateTime, nullable: true, resolve: (token) => token.expiresAt }),
    revokedAt: t.field({ type: DateTime, nullable: true, resolve: (token) => token.revokedAt }),
  }),
});

export const CreateApiTokenPayload = builder.objectRef<{ secret: string; apiToken: ApiToken }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.string({ description: 'shown once', resolve: (payload) => payload.secret }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (payload) => payload.apiToken }),
  }),
});

export const ConsoleSessionRef = builder.objectRef<ConsoleSession>('ConsoleSession').implement({
  description: 'A browser signed in to the console.',
  fields: (t) => ({
    id: t.exposeID('id'),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    createdAt: t.field({ type: DateTime, resolve: (session) => session.createdAt }),
    lastSeenAt: t.field({ type: DateTime, resolve: (session) => session.lastSeenAt }),
    current: t.boolean({ description: 'The session this request came with.', resolve: (session, _args, ctx) => session.id === ctx.caller?.sessionId }),
  }),
});
