import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Where `npm run build -w @otto/console` puts the console, from this file in src/ or dist/. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

// The console loads only its own files and talks only to its own origin; nothing may frame it.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Serves the built console, with index.html for every client-side route. */
export function consoleHandler(dir: string): Handler {
  if (!existsSync(dir)) {
    return (_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The console is not built: run `npm run build -w @otto/console` (npm start does it for you).\n');
    };
  }
  const serve = sirv(dir, {
    single: true,
    etag: true,
    setHeaders: (response, path) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
      // Hashed asset names change with their content; index.html must always be fetched again.
      response.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (request, response) => serve(request, response);
}
