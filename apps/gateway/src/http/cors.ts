import type { CORSOptions } from 'graphql-yoga';

/**
 * No CORS headers at all unless origins are configured (the console is same-origin); then only an
 * exactly matching Origin is answered, with credentials, and any other gets no CORS headers.
 */
export function corsFor(origins: readonly string[]): false | ((request: Request) => CORSOptions) {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    return origin && allowed.has(origin)
      ? { origin: [origin], credentials: true, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type', 'x-graphql-yoga-csrf'] }
      : false;
  };
}
