import { describe, expect, it } from 'vitest';
import { describeExit, formatDuration, isSupervisorTrouble } from './supervisor';

describe('supervisor wording', () => {
  it('names an exit by its signal, else its code', () => {
    expect(describeExit({ signal: 'SIGKILL', exitCode: null })).toBe('SIGKILL');
    expect(describeExit({ signal: null, exitCode: 1 })).toBe('code 1');
    expect(describeExit({ signal: null, exitCode: null })).toBe('—');
  });

  it('reads a downtime at the scale it has', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDuration(4_250)).toBe('4.3 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
  });

  it('calls only a crash loop and a pending restart trouble', () => {
    expect(['STARTING', 'RUNNING', 'BACKING_OFF', 'CRASH_LOOP', 'STOPPED'].filter((state) => isSupervisorTrouble(state as never))).toEqual([
      'BACKING_OFF',
      'CRASH_LOOP',
    ]);
  });
});
