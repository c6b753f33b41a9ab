import { listAuditEvents, type AuditEvent } from '@otto/store';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { LIMITS } from '../limits.js';
import * as valid from '../validate.js';
import { DateTime } from './scalars.js';

const AuditOutcome = builder.enumType('AuditOutcome', { values: ['OK', 'ERROR'] as const });

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  fields: (t) => ({
    id: t.id({ resolve: (event) => String(event.id) }),
    at: t.field({ type: DateTime, resolve: (event) => event.at }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action', { description: 'thread.list, thread.read, message.list, message.send, thread.create, …' }),
    operationName: t.exposeString('operationName', { nullable: true }),
    threadId: t.exposeID('threadId', { nullable: true }),
    outcome: t.field({ type: AuditOutcome, resolve: (event) => event.outcome }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    requestId: t.exposeString('requestId'),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
  }),
});

function auditCursor(after: string | null | undefined): number | undefined {
  if (after == null) return undefined;
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match?.[1]) throw badInput('after is not a cursor this API returned', 'after');
  return Number(match[1]);
}

const cursorOf = (event: AuditEvent) => Buffer.from(`audit:${event.id}`).toString('base64url');

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    description: `Newest first. first ≤ ${LIMITS.auditPageMax}.`,
    args: { threadId: t.arg.id(), action: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      if (args.last != null || args.before != null) throw valid.backwardPaging();
      const first = valid.pageSize(args.first, LIMITS.auditPageMax, LIMITS.auditPageDefault, 'first');
      const threadId = args.threadId == null ? undefined : valid.threadId(String(args.threadId));
      const page = await listAuditEvents(ctx.services.store.db, {
        first,
        after: auditCursor(args.after),
        threadId,
        action: args.action ?? undefined,
      });
      const first_ = page.events[0];
      const last = page.events.at(-1);
      return {
        totalCount: page.totalCount,
        edges: page.events.map((event) => ({ node: event, cursor: cursorOf(event) })),
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: args.after != null,
          startCursor: first_ ? cursorOf(first_) : null,
          endCursor: last ? cursorOf(last) : null,
        },
      };
    },
  }),
);
