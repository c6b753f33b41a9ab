import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actionOf, findOperation } from './actions.js';

const action = (source: string, name?: string) => {
  const operation = findOperation(parse(source), name);
  if (!operation) throw new Error('no operation');
  return actionOf(operation);
};

describe('actionOf', () => {
  it('names each root field by its audit action', () => {
    expect(action('{ threads { totalCount } }')).toBe('thread.list');
    expect(action('query { thread(id: "ses_a") { title } }')).toBe('thread.read');
    expect(action('query { thread(id: "ses_a") { title messages { hasOlder } } }')).toBe('message.list');
    expect(action('mutation { sendMessage(input: {threadId: "x", text: "y"}) { message { id } } }')).toBe('message.send');
    expect(action('{ system { version } auditEvents { totalCount } }')).toBe('system.read,audit.read');
  });

  it('picks the named operation of a document with several', () => {
    const source = 'query A { system { version } } mutation B { unbindThread(threadId: "ses_a") { id } }';
    expect(action(source, 'B')).toBe('thread.unbind');
    expect(action(source, 'A')).toBe('system.read');
  });
});
