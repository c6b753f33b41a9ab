import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeDocument, UnpinThreadDocument } from './gql/graphql';
import { createGraphqlClient } from './urql';

function mockFetch() {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ data: null }), { headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const hooks = { onUnauthenticated: () => {}, onNetworkError: () => {}, onReachable: () => {} };

afterEach(() => vi.unstubAllGlobals());

describe('the console GraphQL client', () => {
  it('sends a query as a GET the browser can revalidate, with the CSRF header the gateway asks of cookie-signed requests', async () => {
    const fetchMock = mockFetch();
    await createGraphqlClient(hooks).query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    expect(new URL(url, 'http://console').searchParams.get('operationName')).toBe('Me');
    expect(new Headers(init.headers).get('x-graphql-yoga-csrf')).toBe('1');
    expect(init.credentials).toBe('same-origin');
  });

  it('sends a mutation as a POST, with the same header', async () => {
    const fetchMock = mockFetch();
    await createGraphqlClient(hooks).mutation(UnpinThreadDocument, { threadId: 't1' }).toPromise();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(init.method).toBe('POST');
    expect(url).toBe('/graphql');
    expect(new Headers(init.headers).get('x-graphql-yoga-csrf')).toBe('1');
  });
});
