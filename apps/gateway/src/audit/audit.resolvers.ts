import { z } from 'zod';
import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { pageSize, sessionId } from '../rules.js';
import { AuditActionEnum, AuditEventRef } from './audit.types.js';

const forwardOnly = z.null('this list pages forward only: use first and after').optional();

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    authScopes: { admin: true },
    description: `Newest first. first ≤ ${LIMITS.auditPageMax}.`,
    args: {
      threadId: t.arg.id({ validate: sessionId }),
      action: t.arg({ type: AuditActionEnum }),
      actor: t.arg.string({ description: 'Exactly as the log names it: alice, or alice (token: nightly).', validate: z.string().max(200, 'must be at most 200 characters') }),
    },
    validate: z.looseObject({
      first: pageSize(LIMITS.auditPageMax).nullish(),
      after: z.string().max(200, 'is not a cursor this API returned').nullish(),
      last: forwardOnly,
      before: forwardOnly,
    }),
    resolve: (_root, args, ctx) =>
      ctx.services.audit.page(args, { threadId: args.threadId ?? undefined, action: args.action ?? undefined, actor: args.actor ?? undefined }),
  }),
);
