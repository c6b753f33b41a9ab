import type { Level } from 'pino';
import type { Logger } from '../logger.js';

export interface OpencodeLine {
  level: Level;
  message: string;
  fields: Record<string, string>;
}

const LEVELS: Record<string, Level> = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

// OpenCode 1.18 prints logfmt (`timestamp=… level=INFO run=… message="creating instance" directory=…`);
// older releases printed `INFO  2025-… +12ms service=server key=value the message`.
const PAIR = /([^\s="]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
const PREFIXED = /^(DEBUG|INFO|WARN|ERROR)\s+\S+\s+\+\d+ms\s+(.*)$/;
/** Taken apart into the line's own level, time and message. */
const CONSUMED = new Set(['timestamp', 'level', 'message']);
/** Keys every line of the gateway's already has. */
const RESERVED = new Set(['time', 'msg', 'source']);
/**
 * What the agent is asking to run (a permission's `pattern` is the whole bash command, which may
 * carry anything the conversation did): kept out of the logs, like message text.
 */
const AGENT_CONTENT = new Set(['pattern', 'patterns', 'command']);

/**
 * One line OpenCode printed, as a level, a message and fields. A line in neither of OpenCode's
 * formats (the "listening on" banner, a crash's stack trace) is kept whole: info on stdout, warn on stderr.
 */
export function parseOpencodeLine(line: string, stream: 'stdout' | 'stderr'): OpencodeLine {
  const plain: OpencodeLine = { level: stream === 'stderr' ? 'warn' : 'info', message: line, fields: {} };
  if (line.startsWith('timestamp=')) {
    const pairs = Object.fromEntries([...line.matchAll(PAIR)].map(([, key, value]) => [key!, unquote(value!)]));
    const level = LEVELS[pairs.level ?? ''];
    if (!level) return plain;
    return { level, message: pairs.message ?? '', fields: fieldsOf(pairs) };
  }
  const prefixed = PREFIXED.exec(line);
  if (prefixed) {
    const rest = prefixed[2]!;
    // Its key=value pairs come first; whatever follows them is the message.
    const leading = /^(?:[^\s="]+=(?:"(?:[^"\\]|\\.)*"|\S*)\s*)*/.exec(rest)![0];
    const pairs = Object.fromEntries([...leading.matchAll(PAIR)].map(([, key, value]) => [key!, unquote(value!)]));
    return { level: LEVELS[prefixed[1]!]!, message: rest.slice(leading.length), fields: fieldsOf(pairs) };
  }
  return plain;
}

/** Writes one of OpenCode's lines into the gateway's log stream, as a line of source "opencode". */
export function logOpencodeLine(logger: Logger, line: string, stream: 'stdout' | 'stderr'): void {
  const { level, message, fields } = parseOpencodeLine(line, stream);
  logger[level]({ ...fields, source: 'opencode' }, message);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(.)/g, (_, char: string) => ESCAPES[char] ?? char);
}

/** OpenCode's fields, those that would collide with the line's own keys renamed `opencode.<key>`. */
function fieldsOf(pairs: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(pairs)) {
    if (CONSUMED.has(key)) continue;
    fields[RESERVED.has(key) ? `opencode.${key}` : key] = AGENT_CONTENT.has(key) ? '[redacted]' : value;
  }
  return fields;
}
