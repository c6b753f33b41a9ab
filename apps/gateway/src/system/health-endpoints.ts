import type { RequestListener } from 'node:http';
import { pingDatabase } from '@otto/store';
import type { GatewayServices } from '../context.js';
import { readiness } from './readiness.js';

interface Answer {
  status: number;
  body: object;
}

/**
 * `/healthz` (the process serves) and `/readyz` (it can do its work), for load balancers and
 * orchestrators: no auth, no audit row (they are not operations), nothing in the answer beyond the
 * verdicts. Keyed by path.
 */
export function healthEndpoints(services: Pick<GatewayServices, 'store' | 'servers' | 'supervisor'>): Map<string, RequestListener> {
  return new Map([
    ['/healthz', endpoint(() => ({ status: 200, body: { status: 'ok' } }))],
    [
      '/readyz',
      endpoint(async () => {
        const { ready, checks } = await readiness({
          pingDatabase: () => pingDatabase(services.store.db),
          opencodeStatus: () => services.servers.bestStatus(),
          supervisorState: () => services.supervisor.current()?.state,
        });
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', checks } };
      }),
    ],
  ]);
}

function endpoint(check: () => Answer | Promise<Answer>): RequestListener {
  return (request, response) => {
    const { method } = request;
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'cache-control': 'no-store' }).end();
      return;
    }
    void Promise.resolve(check()).then(({ status, body }) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(method === 'HEAD' ? undefined : JSON.stringify(body));
    });
  };
}
