import type { Server } from 'node:http';

/** Listens on a free port of 127.0.0.1 and resolves to the server's /graphql URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`);
    }),
  );
}
