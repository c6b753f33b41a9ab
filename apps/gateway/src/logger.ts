import pino from 'pino';
import { ConfigError, type GatewayConfig } from './config.js';
import { openLogFiles } from './logs/log-files.js';

export type Logger = pino.Logger;

/**
 * JSON lines on stderr. Redaction is a second line of defence: code never hands message text,
 * tokens or passwords to the logger in the first place. A line names its `source`: the gateway's
 * own say "gateway"; OpenCode's lines, relayed through the same logger, name theirs.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: undefined,
      // A mixin, not a binding: pino would write a child's `source` beside its parent's, not over it.
      mixin: () => ({ source: 'gateway' }),
      redact: {
        paths: ['*.password', '*.token', '*.authorization', '*.text', '*.apiKey', '*.key', 'password', 'token', 'text', 'apiKey', 'key'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export interface GatewayLogger {
  logger: Logger;
  /** Closes the current log file; stderr stays open. */
  close(): void;
}

/** The running gateway's logger: every line both on stderr and in the rotating log files. */
export async function openGatewayLogger(
  config: Pick<GatewayConfig, 'logLevel' | 'logFiles'>,
  stderr: pino.DestinationStream = pino.destination(2),
): Promise<GatewayLogger> {
  let files;
  try {
    files = await openLogFiles(config.logFiles);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new ConfigError(`the log folder ${config.logFiles.dir} cannot be written (${code}); set OTTO_LOG_DIR (or OTTO_DATA_DIR) to a folder the gateway may write`);
  }
  let closed = false;
  // A late line (a timer or a request still finishing during shutdown) goes to stderr only, instead
  // of throwing from whatever code logged it because the file is gone.
  const fileOrNothing = { write: (line: string) => (closed ? undefined : files.write(line)) };
  const both = pino.multistream([
    // The logger's own level decides what is written; each stream takes every line it is handed.
    { level: 'trace', stream: stderr },
    { level: 'trace', stream: fileOrNothing },
  ]);
  return {
    logger: createLogger(config.logLevel, both),
    close: () => {
      closed = true;
      files.end();
    },
  };
}
