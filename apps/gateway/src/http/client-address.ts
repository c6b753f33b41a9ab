import { isIP } from 'node:net';

/** `OTTO_TRUST_PROXY`: nobody (default), any peer (`true`), or these proxy addresses. */
export type TrustProxy = boolean | readonly string[];

export type ClientAddressOf = (request: Request, serverContext: unknown) => string | null;

const socketAddressOf = (serverContext: unknown): string | null =>
  (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? null;

/**
 * Who is asking: the socket's peer, or — only when that peer is a trusted proxy — the client named in
 * `X-Forwarded-For`, read from the right: with `true` the hop the proxy itself appended, with a list
 * the first hop that is not a listed proxy. Never the left-most hop, which the client writes itself.
 */
export function clientAddressResolver(trustProxy: TrustProxy): ClientAddressOf {
  const trusted = (address: string) => trustProxy === true || (Array.isArray(trustProxy) && trustProxy.includes(address));
  return (request, serverContext) => {
    const peer = socketAddressOf(serverContext);
    if (!trustProxy || peer === null || !trusted(normalize(peer))) return peer;
    const hops = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => normalize(hop.trim()))
      .filter((hop) => isIP(hop) !== 0);
    if (trustProxy === true) return hops.at(-1) ?? peer;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = hops[index] as string;
      if (!trusted(hop)) return hop;
    }
    return hops[0] ?? peer;
  };
}

/** IPv4 peers arrive as ::ffff:a.b.c.d on a dual-stack socket. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
