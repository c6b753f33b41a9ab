import { describe, expect, it } from 'vitest';
import { describeExit, KEPT_RESTARTS, SupervisionHistory } from './supervision-history.js';

const MINUTE = 60_000;

function history(limits?: { maxExits?: number; windowMs?: number }) {
  const clock = { now: 1_000_000 };
  const subject = new SupervisionHistory(limits, () => clock.now);
  const crash = (signal: string | null = 'SIGKILL') => subject.exited({ code: null, signal, reason: describeExit(null, signal), planned: false });
  return { subject, clock, crash };
}

describe('SupervisionHistory', () => {
  it('is STARTING until the first process serves, then RUNNING since that process started', () => {
    const { subject, clock } = history();
    expect(subject.state()).toBe('STARTING');
    expect(subject.startedAt()).toBeNull();
    const startedAt = clock.now;
    clock.now += 800;
    subject.serving(startedAt);
    expect(subject.state()).toBe('RUNNING');
    expect(subject.startedAt()).toBe(startedAt);
    expect(subject.restarts()).toEqual([]);
  });

  it('lists an unplanned exit with its signal or code, backs off, and fills in the downtime once a process serves again', () => {
    const { subject, clock } = history();
    subject.serving(clock.now);
    clock.now += 5_000;
    expect(subject.exited({ code: 1, signal: null, reason: describeExit(1, null), planned: false })).toBe(true);
    expect(subject.state()).toBe('BACKING_OFF');
    expect(subject.startedAt()).toBeNull();
    expect(subject.restarts()).toEqual([{ at: clock.now, reason: 'exited with code 1', exitCode: 1, signal: null, downMs: null }]);

    clock.now += 1_000;
    subject.starting();
    expect(subject.state()).toBe('STARTING');
    clock.now += 1_500;
    subject.serving(clock.now - 1_500);
    expect(subject.restarts()[0]?.downMs).toBe(2_500);
  });

  it('gives every exit before the next good start its own downtime, and leaves earlier ones as they were', () => {
    const { subject, clock, crash } = history();
    crash();
    clock.now += 1_000;
    subject.serving(clock.now);
    clock.now += MINUTE;
    crash('SIGSEGV');
    clock.now += 2_000;
    crash('SIGABRT');
    clock.now += 3_000;
    subject.serving(clock.now);
    expect(subject.restarts().map((event) => [event.signal, event.downMs])).toEqual([
      ['SIGABRT', 3_000],
      ['SIGSEGV', 5_000],
      ['SIGKILL', 1_000],
    ]);
  });

  it('is in a crash loop at the fifth unplanned exit within ten minutes, and asks for no restart', () => {
    const { subject, clock, crash } = history();
    for (let exit = 1; exit <= 4; exit += 1) {
      expect(crash()).toBe(true);
      clock.now += 2 * MINUTE;
    }
    expect(subject.state()).toBe('BACKING_OFF');
    clock.now -= MINUTE;
    expect(crash()).toBe(false);
    expect(subject.state()).toBe('CRASH_LOOP');
    expect(subject.restarts()).toHaveLength(5);
    expect(subject.restarts()[0]?.downMs).toBeNull();
  });

  it('forgets exits older than the window: five exits spread over more than ten minutes are no crash loop', () => {
    const { subject, clock, crash } = history();
    for (let exit = 1; exit <= 5; exit += 1) {
      expect(crash()).toBe(true);
      clock.now += 2.5 * MINUTE;
    }
    expect(subject.state()).toBe('BACKING_OFF');
  });

  it('takes its window and count from the options', () => {
    const { subject, clock, crash } = history({ maxExits: 2, windowMs: 1_000 });
    expect(crash()).toBe(true);
    clock.now += 1_000;
    expect(crash()).toBe(true);
    clock.now += 999;
    expect(crash()).toBe(false);
    expect(subject.state()).toBe('CRASH_LOOP');
  });

  it('lists a planned restart but never counts it towards a crash loop', () => {
    const { subject, crash } = history();
    for (let exit = 1; exit <= 4; exit += 1) crash();
    for (let restart = 1; restart <= 10; restart += 1) {
      expect(subject.exited({ code: 0, signal: null, reason: 'restarted on request', planned: true })).toBe(true);
      expect(subject.state()).toBe('STARTING');
    }
    expect(subject.restarts()).toHaveLength(14);
    expect(subject.restarts()[0]).toMatchObject({ reason: 'restarted on request', exitCode: 0 });
    expect(crash()).toBe(false);
  });

  it('starts afresh when an operator resumes from a crash loop: the next crashes count from zero', () => {
    const { subject, crash } = history();
    for (let exit = 1; exit <= 5; exit += 1) crash();
    expect(subject.state()).toBe('CRASH_LOOP');
    subject.resume();
    expect(subject.state()).toBe('STARTING');
    for (let exit = 1; exit <= 4; exit += 1) expect(crash()).toBe(true);
    expect(crash()).toBe(false);
  });

  it(`keeps the last ${KEPT_RESTARTS} restarts, newest first`, () => {
    const { subject, clock } = history();
    for (let exit = 0; exit < KEPT_RESTARTS + 10; exit += 1) {
      clock.now += 1;
      subject.exited({ code: exit, signal: null, reason: describeExit(exit, null), planned: true });
    }
    const listed = subject.restarts();
    expect(listed).toHaveLength(KEPT_RESTARTS);
    expect(listed[0]?.exitCode).toBe(KEPT_RESTARTS + 9);
    expect(listed.at(-1)?.exitCode).toBe(10);
  });

  it('stays STOPPED once stopped, whatever the process does after', () => {
    const { subject, clock, crash } = history();
    subject.serving(clock.now);
    subject.stopped();
    expect(crash()).toBe(false);
    subject.starting();
    subject.serving(clock.now);
    expect(subject.state()).toBe('STOPPED');
    expect(subject.startedAt()).toBeNull();
    expect(subject.restarts()).toEqual([]);
  });
});

describe('describeExit', () => {
  it('names the signal when there is one, else the code', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('exited (SIGKILL)');
    expect(describeExit(137, null)).toBe('exited with code 137');
    expect(describeExit(null, null)).toBe('exited');
  });
});
