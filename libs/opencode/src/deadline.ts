import { OpencodeError } from './errors.js';

/** The signal one call runs under: its own time limit and the caller's signal, whichever ends first. */
export function callSignal(timeoutMs: number, caller?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return caller ? AbortSignal.any([timeout, caller]) : timeout;
}

/**
 * Why a call cut short by its signal failed. A caller that aborted with an `OpencodeError` (a send's
 * deadline naming its own outcome) gets exactly that error back; anything else is a timeout. It may
 * have reached OpenCode once sent, and cannot have when the caller had given up before it was sent.
 */
export function cutShort(call: string, caller: AbortSignal | undefined, sent: boolean): OpencodeError {
  if (caller?.aborted && caller.reason instanceof OpencodeError) return caller.reason;
  return new OpencodeError('UPSTREAM_TIMEOUT', `OpenCode did not answer ${call} in time`, undefined, sent ? 'maybe' : 'no');
}
