import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from '@urql/core';
import type { ErrorCode } from './gql/graphql';

export interface ClientHooks {
  /** The gateway answered 401 / UNAUTHENTICATED: the session has ended. */
  onUnauthenticated(): void;
  /** No answer from the gateway at all. */
  onNetworkError(): void;
  /** Any answer from the gateway. */
  onReachable(): void;
}

export function isNetworkError(error: CombinedError | undefined): boolean {
  return Boolean(error?.networkError) && !error?.graphQLErrors.length;
}

export function createGraphqlClient(hooks: ClientHooks): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    // Subscriptions go over the same fetch as everything else, as server-sent events.
    fetchSubscriptions: true,
    // The session cookie goes along (same origin only); the header satisfies Yoga's CSRF prevention.
    fetchOptions: { credentials: 'same-origin', headers: { 'x-graphql-yoga-csrf': '1' } },
    exchanges: [
      cacheExchange,
      // After the cache, so it sees only what came over the network.
      mapExchange({
        onResult(result) {
          if (isNetworkError(result.error)) return hooks.onNetworkError();
          hooks.onReachable();
          const unauthenticated =
            result.error?.response?.status === 401 ||
            result.error?.graphQLErrors.some((error) => error.extensions.code === ('UNAUTHENTICATED' satisfies ErrorCode));
          if (unauthenticated) hooks.onUnauthenticated();
        },
      }),
      fetchExchange,
    ],
  });
}
