import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actionEnumName, actionsOf, findOperation } from './actions.js';

const actions = (source: string, name?: string) => {
  const document = parse(source);
  const operation = findOperation(document, name);
  if (!operation) throw new Error('no operation');
  return actionsOf(document, operation);
};

describe('actionsOf', () => {
  it('names each root field by its audit action', () => {
    expect(actions('{ threads { totalCount } }')).toEqual(['thread.list']);
    expect(actions('query { thread(id: "ses_a") { title } }')).toEqual(['thread.read']);
    expect(actions('query { thread(id: "ses_a") { title messages { hasOlder } } }')).toEqual(['message.list']);
    expect(actions('mutation { sendMessage(input: {threadId: "x", text: "y"}) { message { id } } }')).toEqual(['message.send']);
    expect(actions('{ system { version } auditEvents { totalCount } }')).toEqual(['system.read', 'audit.read']);
  });

  it('follows fragments at the root and inside a thread', () => {
    expect(actions('query { ...Root } fragment Root on Query { system { version } }')).toEqual(['system.read']);
    expect(actions('query { thread(id: "ses_a") { ...T } } fragment T on Thread { messages { hasOlder } }')).toEqual(['message.list']);
  });

  it('calls a root field the schema lacks invalid', () => {
    expect(actions('{ nope }')).toEqual(['operation.invalid']);
  });

  it('picks the named operation of a document with several', () => {
    const source = 'query A { system { version } } mutation B { unbindThread(threadId: "ses_a") { id } }';
    expect(actions(source, 'B')).toEqual(['thread.unbind']);
    expect(actions(source, 'A')).toEqual(['system.read']);
  });

  it('gives each action an enum name', () => {
    expect(actionEnumName('auth.sign_in')).toBe('AUTH_SIGN_IN');
    expect(actionEnumName('thread.list')).toBe('THREAD_LIST');
  });
});
