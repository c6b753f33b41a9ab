import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { bearerOf } from '../auth/auth.plugin.js';
import { CSRF_HEADER } from '../auth/console-session.js';

const isMultipart = (request: Request) => request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') === true;

/**
 * A browser sends a cookie on any cross-site "simple" request (GET, form posts); requiring a custom
 * header forces a CORS preflight, which other origins fail. Auth asks the same of every
 * cookie-authenticated request, whatever its content type. One exception: a multipart upload with a
 * bearer token (`curl -F`), which no browser attaches by itself, so no other site can forge one.
 */
export function useCsrfPrevention(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (isMultipart(payload.request) && bearerOf(payload.request) !== null) return;
      return prevention.onRequestParse?.(payload);
    },
  };
}
