import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

const ROOT_ACTIONS: Record<string, string> = {
  threads: 'thread.list',
  thread: 'thread.read',
  system: 'system.read',
  auditEvents: 'audit.read',
  createThread: 'thread.create',
  sendMessage: 'message.send',
  abortThread: 'thread.abort',
  bindThread: 'thread.bind',
  unbindThread: 'thread.unbind',
  replyPermission: 'permission.reply',
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
 * The audit action of an operation, from its root fields: `thread.read`, or `message.list` when the
 * thread's messages are read. Several root fields give several actions, joined by commas.
 */
export function actionOf(operation: OperationDefinitionNode): string {
  const actions = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      actions.add('operation.fragment');
      continue;
    }
    const name = selection.name.value;
    if (name === 'thread' && selects(selection.selectionSet, 'messages')) actions.add('message.list');
    else actions.add(ROOT_ACTIONS[name] ?? `field.${name}`);
  }
  return [...actions].join(',');
}

function selects(selectionSet: SelectionSetNode | undefined, field: string): boolean {
  return (
    selectionSet?.selections.some((selection) =>
      selection.kind === Kind.FIELD
        ? selection.name.value === field
        : selection.kind === Kind.INLINE_FRAGMENT && selects(selection.selectionSet, field),
    ) ?? false
  );
}
