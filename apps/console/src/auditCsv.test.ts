import { describe, expect, it } from 'vitest';
import { auditCsv } from './auditCsv';

describe('auditCsv', () => {
  it('writes a header and one line per row, quoting what needs it and keeping formulas as text', () => {
    const csv = auditCsv([
      { at: '2026-11-27T10:00:00.000Z', actor: 'alice (token: "nightly", v2)', actions: ['THREAD_LIST', 'THREAD_READ'], operationName: 'Threads', threadId: null, outcome: 'OK', errorCode: null, durationMs: 12 },
      { at: '2026-11-27T10:00:01.000Z', actor: '=HYPERLINK("x")', actions: ['MESSAGE_SEND'], operationName: '@cmd', threadId: 'ses_abc', outcome: 'ERROR', errorCode: 'NOT_FOUND', durationMs: 3 },
    ]);
    expect(csv.split('\n')).toEqual([
      'at,actor,actions,operation,thread,outcome,error code,duration ms',
      '2026-11-27T10:00:00.000Z,"alice (token: ""nightly"", v2)",thread.list thread.read,Threads,,OK,,12',
      `2026-11-27T10:00:01.000Z,"'=HYPERLINK(""x"")",message.send,'@cmd,ses_abc,ERROR,NOT_FOUND,3`,
      '',
    ]);
  });
});
