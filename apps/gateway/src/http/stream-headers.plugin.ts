import type { Plugin } from 'graphql-yoga';

/** A subscription's event stream must not sit in a proxy's buffer (nginx reads this header). */
export function useStreamHeaders(): Plugin {
  return {
    onResponse({ response }) {
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) response.headers.set('x-accel-buffering', 'no');
    },
  };
}
