import { builder } from '../builder.js';
import { DateTime, JSONScalar } from '../scalars.js';
import { LOG_LEVELS, levelName, type LogLevelName } from './log-line.js';
import type { LogEntry } from './logs.service.js';

export const LogLevelEnum = builder.enumType('LogLevel', {
  description: "pino's levels: TRACE 10, DEBUG 20, INFO 30, WARN 40, ERROR 50, FATAL 60.",
  values: Object.fromEntries(Object.entries(LOG_LEVELS).map(([name, value]) => [name, { value }])) as Record<LogLevelName, { value: number }>,
});

export const LogLineRef = builder.objectRef<LogEntry>('LogLine').implement({
  description: "One line of the gateway's log files: its own, or one OpenCode printed.",
  fields: (t) => ({
    at: t.field({ type: DateTime, resolve: (line) => line.at }),
    level: t.field({ type: LogLevelEnum, resolve: (line) => LOG_LEVELS[levelName(line.level)] }),
    source: t.exposeString('source', { description: 'gateway, or opencode for the lines of the supervised OpenCode.' }),
    message: t.exposeString('message'),
    fields: t.field({ type: JSONScalar, nullable: true, description: 'The rest of the line (for OpenCode: service, session id, path, …).', resolve: (line) => line.fields }),
  }),
});
