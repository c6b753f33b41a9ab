/** Why an OpenCode call failed, in the terms the gateway's error codes need. */
export type OpencodeErrorCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'NOT_FOUND'
  | 'BAD_REQUEST';

/**
 * Whether the failed request reached OpenCode: `no` when the connection was never made (nothing can
 * have happened), `yes` when OpenCode answered (with an error status), `maybe` when it was cut off or
 * timed out after it may have been read. A send decides from this whether its outcome is known.
 */
export type Reached = 'no' | 'maybe' | 'yes';

export class OpencodeError extends Error {
  override readonly name = 'OpencodeError';
  constructor(
    readonly code: OpencodeErrorCode,
    message: string,
    readonly status?: number,
    readonly reached: Reached = status === undefined ? 'maybe' : 'yes',
  ) {
    super(message);
  }
}

/** Connection errors that mean the request never left this machine or was refused before it was read. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isOpencodeError(error: unknown, code?: OpencodeErrorCode): error is OpencodeError {
  return error instanceof OpencodeError && (code === undefined || error.code === code);
}

/** Turns a thrown fetch failure into a coded error; the message never carries credentials or bodies. */
export function fromThrown(call: string, error: unknown, timedOut: boolean): OpencodeError {
  if (error instanceof OpencodeError) return error;
  if (timedOut) return new OpencodeError('UPSTREAM_TIMEOUT', `OpenCode did not answer ${call} in time`);
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  const reached: Reached = cause && NEVER_CONNECTED.has(cause) ? 'no' : 'maybe';
  return new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode unreachable during ${call}${cause ? ` (${cause})` : ''}`, undefined, reached);
}

/** Maps a non-2xx answer; 404 is the only status the gateway treats as a fact about the resource. */
export function fromStatus(call: string, status: number): OpencodeError {
  if (status === 404) return new OpencodeError('NOT_FOUND', `OpenCode has no such resource (${call})`, status);
  if (status === 400) return new OpencodeError('BAD_REQUEST', `OpenCode refused ${call} as invalid`, status);
  if (status === 401 || status === 403) {
    return new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode rejected the gateway's credentials (${call})`, status);
  }
  return new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode answered ${status} to ${call}`, status);
}
