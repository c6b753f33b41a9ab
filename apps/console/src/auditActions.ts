import type { AuditAction } from './gql/graphql';

/**
 * How each action reads in the audit table: the name the gateway's log stores it under, so a row
 * here and a line in the log look alike. A Record, not a list: a value codegen adds or drops from
 * the schema fails the typecheck here instead of going missing from the filter.
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  THREAD_LIST: 'thread.list',
  THREAD_READ: 'thread.read',
  THREAD_CREATE: 'thread.create',
  THREAD_ABORT: 'thread.abort',
  THREAD_BIND: 'thread.bind',
  THREAD_UNBIND: 'thread.unbind',
  MESSAGE_LIST: 'message.list',
  MESSAGE_SEND: 'message.send',
  MESSAGE_SEARCH: 'message.search',
  PERMISSION_REPLY: 'permission.reply',
  AUDIT_READ: 'audit.read',
  LOG_READ: 'log.read',
  SYSTEM_READ: 'system.read',
  OPERATOR_READ: 'operator.read',
  OPERATOR_CREATE: 'operator.create',
  OPERATOR_UPDATE: 'operator.update',
  OPERATOR_PASSWORD: 'operator.password',
  TOKEN_READ: 'token.read',
  TOKEN_CREATE: 'token.create',
  TOKEN_REVOKE: 'token.revoke',
  SESSION_READ: 'session.read',
  SESSION_REVOKE: 'session.revoke',
  THREAD_SUBSCRIBE: 'thread.subscribe',
  THREAD_WATCH: 'thread.watch',
  QUESTION_REPLY: 'question.reply',
  QUESTION_REJECT: 'question.reject',
  SCHEMA_READ: 'schema.read',
  AUTH_SIGN_IN: 'auth.sign_in',
  AUTH_SIGN_OUT: 'auth.sign_out',
  OPENCODE_RESTART: 'opencode.restart',
  PROVIDER_SET_CREDENTIAL: 'provider.set_credential',
  PROVIDER_REMOVE_CREDENTIAL: 'provider.remove_credential',
  TUNNEL_START: 'tunnel.start',
  TUNNEL_STOP: 'tunnel.stop',
  THREAD_PIN: 'thread.pin',
  THREAD_UNPIN: 'thread.unpin',
  PIN_READ: 'pin.read',
  THREAD_EXPORT: 'thread.export',
  MESSAGE_REVERT: 'message.revert',
  THREAD_UNREVERT: 'thread.unrevert',
  OPERATION_REJECTED: 'operation.rejected',
  OPERATION_INVALID: 'operation.invalid',
};

/** Every action, in the order above: the filter's options. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];
