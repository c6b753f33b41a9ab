import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type StartOptions } from './server.js';

/** Starts the gateway and prints where to go; one clear line and exit 2 on bad configuration. */
export async function main(options: StartOptions = {}, banner: string[] = []): Promise<void> {
  let running;
  try {
    const config = loadConfig();
    running = await startServer(config, createLogger(config.logLevel), options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`otto: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { token } = running;
  const lines = [
    `Otto Console on ${running.url}`,
    token.generated
      ? `  Sign in:   ${running.loginUrl}\n  Operator token (new, shown once; kept in ${token.path}):\n    ${token.value}`
      : `  Console:   ${running.url}  (sign in with the operator token ${token.path ? `in ${token.path}` : 'from OTTO_OPERATOR_TOKEN'})`,
    `  GraphiQL:  ${running.graphqlUrl}  (add the header  Authorization: Bearer <token>)`,
    ...banner,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
