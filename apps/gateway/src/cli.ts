import { ConfigError, loadConfig } from './config.js';
import { tuneHeap } from './heap.js';
import { openGatewayLogger, type Logger } from './logger.js';
import { startServer, type StartOptions } from './server.js';

/** Starts the gateway and prints where to go; one clear line and exit 2 on bad configuration. */
export async function main(options: StartOptions = {}, banner: string[] = []): Promise<void> {
  tuneHeap();
  let running;
  let logger: Logger;
  try {
    const config = loadConfig();
    ({ logger } = await openGatewayLogger(config));
    running = await startServer(config, logger, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`otto: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const lines = [
    `Otto Console on ${running.url}`,
    running.setupUrl
      ? `  First start: open this one-time link to choose the password of the operator "admin":\n    ${running.setupUrl}`
      : `  Console:   ${running.url}  (sign in with your operator name and password)`,
    `  GraphiQL:  ${running.graphqlUrl}  (add the header  Authorization: Bearer <otto_… token from the console's Account page>)`,
    ...(running.legacyToken ? [`  Legacy:    the operator token ${running.legacyToken.path ? `in ${running.legacyToken.path}` : 'from OTTO_OPERATOR_TOKEN'} still acts as "admin"`] : []),
    ...(running.tunnelRefusal
      ? [`  Tunnel:    not started — ${running.tunnelRefusal}`]
      : running.gateway.services.tunnel.current()
        ? ['  Tunnel:    cloudflared is starting; its public address shows on the System page']
        : []),
    ...banner,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  logger.info({ url: running.url }, 'gateway listening');
  const stop = () => {
    logger.info('gateway stopping');
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
