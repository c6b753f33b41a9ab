import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { logOpencodeLine, parseOpencodeLine } from './opencode-lines.js';

describe("OpenCode's log lines", () => {
  it('reads the logfmt lines of OpenCode 1.18: level, message and the other fields', () => {
    const line =
      'timestamp=2026-11-27T10:50:17.852Z level=INFO run=8b887736 message=created id=ses_de35f6283ffe4FjJSyQR91vbkZ title="probe \\"title\\"" path="" directory=/tmp/ws';
    expect(parseOpencodeLine(line, 'stderr')).toEqual({
      level: 'info',
      message: 'created',
      fields: { run: '8b887736', id: 'ses_de35f6283ffe4FjJSyQR91vbkZ', title: 'probe "title"', path: '', directory: '/tmp/ws' },
    });
    expect(parseOpencodeLine('timestamp=2026-11-27T10:50:17.852Z level=ERROR message="process failed" stack="Error: boom\\n    at run"', 'stderr')).toEqual({
      level: 'error',
      message: 'process failed',
      fields: { stack: 'Error: boom\n    at run' },
    });
  });

  it("keeps the agent's commands out: a permission's pattern is the whole bash command", () => {
    const line = 'timestamp=t level=INFO run=r permission=bash pattern="echo the secret plan" action.permission=bash action.action=ask action.pattern=* message=evaluated';
    expect(parseOpencodeLine(line, 'stderr').fields).toEqual({
      run: 'r',
      permission: 'bash',
      pattern: '[redacted]',
      'action.permission': 'bash',
      'action.action': 'ask',
      'action.pattern': '*',
    });
  });

  it('reads the older "INFO  <time> +12ms key=value message" lines', () => {
    expect(parseOpencodeLine('WARN  2025-07-01T10:00:00 +12ms service=server method=POST path=/session request took long', 'stderr')).toEqual({
      level: 'warn',
      message: 'request took long',
      fields: { service: 'server', method: 'POST', path: '/session' },
    });
  });

  it('keeps any other line whole: info from stdout, warn from stderr', () => {
    expect(parseOpencodeLine('opencode server listening on http://127.0.0.1:4096', 'stdout')).toEqual({
      level: 'info',
      message: 'opencode server listening on http://127.0.0.1:4096',
      fields: {},
    });
    expect(parseOpencodeLine('    at Object.run (file.js:1:1)', 'stderr')).toMatchObject({ level: 'warn', fields: {} });
    expect(parseOpencodeLine('timestamp=x level=CHATTY message=odd', 'stdout')).toMatchObject({ level: 'info', message: 'timestamp=x level=CHATTY message=odd' });
  });

  it('writes them into the gateway stream as source "opencode", with names of its own and redaction kept', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logOpencodeLine(logger, 'timestamp=t level=WARN run=r message=odd source=plugin time=soon msg=hi password=hunter2-secret', 'stderr');
    logOpencodeLine(logger, 'timestamp=t level=DEBUG message="below the level"', 'stderr');
    logger.info('own line');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: 40,
        time: expect.any(Number),
        source: 'opencode',
        run: 'r',
        'opencode.source': 'plugin',
        'opencode.time': 'soon',
        'opencode.msg': 'hi',
        password: '[redacted]',
        msg: 'odd',
      },
      { level: 30, time: expect.any(Number), source: 'gateway', msg: 'own line' },
    ]);
    // One "source" key a line: a parser keeping the first would still read it right.
    expect(lines.every((line) => line.split('"source":').length === 2)).toBe(true);
  });
});
