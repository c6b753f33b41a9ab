import type { Plugin } from 'graphql-yoga';
import { codeOfStatus, refusal } from '../errors.js';

const MESSAGES: Record<number, string> = {
  405: 'Use POST (or GET for queries)',
  406: 'Accept application/json or application/graphql-response+json',
  415: 'Send a JSON body (Content-Type: application/json)',
};

/**
 * Yoga answers a few malformed requests (a wrong method, content type or Accept) with a bare status
 * and no body; give those the same coded error body every other refusal has.
 */
export function useCodedRefusals(graphqlEndpoint = '/graphql'): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (response.status < 400 || new URL(request.url).pathname !== graphqlEndpoint) return;
      if ((response.headers.get('content-type') ?? '').includes('json')) return;
      const code = codeOfStatus(response.status) ?? 'BAD_REQUEST';
      const allow = response.headers.get('allow');
      setResponse(refusal(code, MESSAGES[response.status] ?? `The request was refused (HTTP ${response.status})`, { status: response.status, headers: allow ? { allow } : {} }));
    },
  };
}
