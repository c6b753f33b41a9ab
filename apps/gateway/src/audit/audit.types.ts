import type { AuditEvent } from '@otto/store';
import { builder } from '../builder.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { DateTime } from '../scalars.js';
import { AUDIT_ACTIONS, actionEnumName, type AuditAction } from './actions.js';

export const AuditActionEnum = builder.enumType('AuditAction', {
  description: 'What an audited request did; the log stores it as thread.list, message.send, …',
  values: Object.fromEntries(AUDIT_ACTIONS.map((action) => [actionEnumName(action), { value: action }])) as Record<string, { value: AuditAction }>,
});

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Every extensions.code the gateway answers with.',
  values: ERROR_CODES,
});

const AuditOutcome = builder.enumType('AuditOutcome', { values: ['OK', 'ERROR'] as const });

const isAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);
const actionsOf = (event: AuditEvent): AuditAction[] => {
  const actions = event.action.split(',').filter(isAction);
  return actions.length ? actions : ['operation.invalid'];
};

export const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  fields: (t) => ({
    id: t.id({ resolve: (event) => String(event.id) }),
    at: t.field({ type: DateTime, resolve: (event) => event.at }),
    actor: t.exposeString('actor'),
    action: t.field({ type: AuditActionEnum, description: 'The first of actions.', resolve: (event) => actionsOf(event)[0] as AuditAction }),
    actions: t.field({ type: [AuditActionEnum], description: 'One per root field of the operation.', resolve: actionsOf }),
    operationName: t.exposeString('operationName', { nullable: true }),
    threadId: t.exposeID('threadId', { nullable: true }),
    target: t.exposeString('target', {
      nullable: true,
      description: 'What the operation acted on when that is not a thread, e.g. the provider whose key was set or removed.',
    }),
    outcome: t.field({ type: AuditOutcome, resolve: (event) => event.outcome }),
    errorCode: t.field({
      type: ErrorCodeEnum,
      nullable: true,
      resolve: (event) => ((ERROR_CODES as readonly string[]).includes(event.errorCode ?? '') ? (event.errorCode as ErrorCode) : event.errorCode ? 'INTERNAL' : null),
    }),
    durationMs: t.exposeInt('durationMs'),
    requestId: t.exposeString('requestId'),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
  }),
});
