import type { Plugin } from 'graphql-yoga';
import { codedError } from '../errors.js';

/** What Yoga lets through but nothing downstream should see: a non-string operationName. */
export function useRequestChecks(): Plugin {
  return {
    onParams({ params }) {
      const { operationName } = params as { operationName?: unknown };
      if (operationName != null && typeof operationName !== 'string') {
        throw codedError('BAD_REQUEST', 'operationName must be a string');
      }
    },
  };
}
