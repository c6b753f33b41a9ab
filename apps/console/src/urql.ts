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
    // Queries go as GET while their URL stays short, so the browser revalidates a poll with
    // If-None-Match and an unchanged answer comes back as a bodiless 304. Mutations stay POST.
    preferGetMethod: 'within-url-limit',
    // Subscriptions go over the same fetch as everything else, as server-sent events.
    fetchSubscriptions: true,
    // The session cookie goes along (same origin only); the header, sent on GET as on POST, satisfies
    // Yoga's CSRF prevention and the gateway's rule for cookie-signed requests.
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
