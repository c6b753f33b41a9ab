import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** Every audit action, declared once; exposed as the AuditAction enum (THREAD_LIST for thread.list). */
export const AUDIT_ACTIONS = [
  'thread.list',
  'thread.read',
  'thread.create',
  'thread.abort',
  'thread.bind',
  'thread.unbind',
  'message.list',
  'message.send',
  /** searchMessages: the query's words are never recorded. */
  'message.search',
  'permission.reply',
  'audit.read',
  'log.read',
  'system.read',
  'operator.read',
  'operator.create',
  'operator.update',
  'operator.password',
  'token.read',
  'token.create',
  'token.revoke',
  'session.read',
  'session.revoke',
  'thread.subscribe',
  'thread.watch',
  'question.reply',
  'question.reject',
  'schema.read',
  'auth.sign_in',
  'auth.sign_out',
  'opencode.restart',
  'tunnel.start',
  'tunnel.stop',
  'provider.set_credential',
  'provider.remove_credential',
  'thread.pin',
  'thread.unpin',
  'pin.read',
  'thread.export',
  'message.revert',
  'thread.unrevert',
  /** Refused before it could be parsed: auth, CSRF, body size, malformed parameters. */
  'operation.rejected',
  /** Parsed, but not a valid operation of this schema. */
  'operation.invalid',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The enum name clients see for an action: thread.list → THREAD_LIST. */
export const actionEnumName = (action: AuditAction) => action.replace('.', '_').toUpperCase();

const ROOT_ACTIONS: Record<string, AuditAction> = {
  threads: 'thread.list',
  thread: 'thread.read',
  system: 'system.read',
  auditEvents: 'audit.read',
  logs: 'log.read',
  createThread: 'thread.create',
  sendMessage: 'message.send',
  searchMessages: 'message.search',
  abortThread: 'thread.abort',
  bindThread: 'thread.bind',
  unbindThread: 'thread.unbind',
  replyPermission: 'permission.reply',
  me: 'operator.read',
  operators: 'operator.read',
  createOperator: 'operator.create',
  updateOperator: 'operator.update',
  setPassword: 'operator.password',
  apiTokens: 'token.read',
  createApiToken: 'token.create',
  revokeApiToken: 'token.revoke',
  consoleSessions: 'session.read',
  revokeConsoleSession: 'session.revoke',
  threadEvents: 'thread.subscribe',
  threadChanged: 'thread.watch',
  replyQuestion: 'question.reply',
  rejectQuestion: 'question.reject',
  restartOpenCode: 'opencode.restart',
  startTunnel: 'tunnel.start',
  stopTunnel: 'tunnel.stop',
  setProviderCredential: 'provider.set_credential',
  removeProviderCredential: 'provider.remove_credential',
  pinThread: 'thread.pin',
  unpinThread: 'thread.unpin',
  pinnedThreads: 'pin.read',
  exportThread: 'thread.export',
  revertMessage: 'message.revert',
  unrevertThread: 'thread.unrevert',
  __schema: 'schema.read',
  __type: 'schema.read',
  __typename: 'schema.read',
};

export function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}

/**
 * The audit actions of an operation, from its root fields (fragments followed): `thread.read`, or
 * `message.list` when the thread's messages are read. A root field the schema lacks makes it invalid.
 */
export function actionsOf(document: DocumentNode, operation: OperationDefinitionNode): AuditAction[] {
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const actions = new Set<AuditAction>();
  for (const field of fieldsOf(operation.selectionSet, fragments)) {
    const name = field.name.value;
    if (name === 'thread' && fieldsOf(field.selectionSet, fragments).some((child) => child.name.value === 'messages')) actions.add('message.list');
    else actions.add(ROOT_ACTIONS[name] ?? 'operation.invalid');
  }
  return actions.size ? [...actions] : ['operation.invalid'];
}

type FieldNode = Extract<SelectionSetNode['selections'][number], { kind: Kind.FIELD }>;

/** The fields of a selection set, with inline fragments and spreads flattened (each fragment once). */
function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...fieldsOf(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      fields.push(...fieldsOf(fragments.get(selection.name.value)?.selectionSet, fragments, seen));
    }
  }
  return fields;
}
