import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON lines on stderr. Redaction is a second line of defence: code never hands message text,
 * tokens or passwords to the logger in the first place.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.password', '*.token', '*.authorization', '*.text', 'password', 'token', 'text'], censor: '[redacted]' },
    },
    destination,
  );
}
