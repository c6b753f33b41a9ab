import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import { codeOf, type ErrorCode } from '../errors.js';

type Cached = Map<string, Promise<ExecutionResult>>;

/**
 * Many subscribers of one thread usually ask the same thing. Each event the gateway publishes is one
 * object handed to all of them, so the result for one document and its variables is computed once
 * per event and shared, instead of once per subscriber: 500 subscribers cost one execution per
 * event, not 500. (What a caller may subscribe to was checked when the subscription was opened.)
 */
export function useSharedSubscriptionExecution(): Plugin {
  const results = new WeakMap<object, WeakMap<DocumentNode, Cached>>();

  function executeShared(event: unknown, args: ExecutionArgs): Promise<ExecutionResult> {
    const run = () => Promise.resolve(execute({ ...args, rootValue: event }));
    if (typeof event !== 'object' || event === null) return run();
    const byDocument = results.get(event) ?? new WeakMap<DocumentNode, Cached>();
    results.set(event, byDocument);
    const cached = byDocument.get(args.document) ?? new Map<string, Promise<ExecutionResult>>();
    byDocument.set(args.document, cached);
    const key = JSON.stringify([args.operationName ?? null, args.variableValues ?? null]);
    let result = cached.get(key);
    if (!result) {
      result = run();
      cached.set(key, result);
    }
    return result;
  }

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        return endWithCodedError(source, (event) => executeShared(event, args), (code) => {
          const audit = (args.contextValue as Partial<GatewayContext> | undefined)?.audit;
          if (audit) audit.errorCode ??= code;
        });
      });
    },
  };
}

/**
 * Maps a subscription's source events to results. Not an async generator: a subscriber who leaves
 * must end the source at once, even while it waits for an event, and a generator's return() would
 * queue behind that wait. A source that fails with a coded error (SLOW_CONSUMER) ends the stream with
 * that error as its last event, rather than a connection cut without a word.
 */
export function endWithCodedError(
  source: AsyncIterable<unknown>,
  run: (event: unknown) => Promise<ExecutionResult>,
  onCoded: (code: ErrorCode) => void,
): AsyncIterableIterator<ExecutionResult> {
  const events = source[Symbol.asyncIterator]();
  let finished = false;
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return { value: undefined, done: true };
      let next: IteratorResult<unknown>;
      try {
        next = await events.next();
      } catch (error) {
        const code = codeOf(error);
        if (!code) throw error;
        finished = true;
        onCoded(code);
        return { value: { errors: [error as GraphQLError] }, done: false };
      }
      return next.done ? next : { value: await run(next.value), done: false };
    },
    async return() {
      finished = true;
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      finished = true;
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
