import { badInput, notFound } from './errors.js';
import { LIMITS } from './limits.js';

// OpenCode ids are a prefix, an underscore and base62; anything else cannot name an OpenCode object,
// so it is refused before a request goes upstream.
const SESSION_ID = /^ses_[A-Za-z0-9]{1,60}$/;
const PERMISSION_ID = /^per_[A-Za-z0-9]{1,60}$/;
// OpenCode's message cursors are base64 of a small JSON object.
const MESSAGE_CURSOR = /^[A-Za-z0-9+/_=-]{1,512}$/;
const SOURCE = /^[a-z][a-z0-9_-]{0,31}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const AGENT = /^[A-Za-z0-9._-]{1,64}$/;
const MODEL = /^([A-Za-z0-9._-]{1,64})\/([A-Za-z0-9._:/-]{1,128})$/;

export function threadId(value: string, field = 'threadId'): string {
  if (!SESSION_ID.test(value)) throw badInput(`${field} must be an OpenCode session id like ses_abc123`, field);
  return value;
}

export function permissionId(value: string, field = 'permissionId'): string {
  if (!PERMISSION_ID.test(value)) throw badInput(`${field} must be an OpenCode permission id like per_abc123`, field);
  return value;
}

export function messageCursor(value: string, field = 'before'): string {
  if (!MESSAGE_CURSOR.test(value)) throw badInput(`${field} must be an olderCursor this API returned`, field);
  return value;
}

export function messageText(value: string): string {
  if (value.trim().length === 0) throw badInput('text must not be empty', 'text');
  if (value.length > LIMITS.messageTextMaxChars) {
    throw badInput(`text must be at most ${LIMITS.messageTextMaxChars} characters`, 'text');
  }
  return value;
}

export function title(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput('title must not be empty', 'title');
  if (trimmed.length > LIMITS.titleMaxChars) throw badInput(`title must be at most ${LIMITS.titleMaxChars} characters`, 'title');
  return trimmed;
}

export function bindingKey(value: string, field = 'bindingKey'): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput(`${field} must not be empty`, field);
  if (trimmed.length > LIMITS.bindingKeyMaxChars) {
    throw badInput(`${field} must be at most ${LIMITS.bindingKeyMaxChars} characters`, field);
  }
  return trimmed;
}

export function source(value: string): string {
  if (!SOURCE.test(value)) throw badInput('source must be lowercase letters, digits, - or _ (at most 32), e.g. console', 'source');
  return value;
}

export function idempotencyKey(value: string): string {
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw badInput('idempotencyKey must be 8 to 128 characters of letters, digits, . _ : -', 'idempotencyKey');
  }
  return value;
}

export function agent(value: string): string {
  if (!AGENT.test(value)) throw badInput('agent must be an agent name such as build', 'agent');
  return value;
}

export function model(value: string): { providerId: string; modelId: string } {
  const match = MODEL.exec(value);
  if (!match?.[1] || !match[2]) throw badInput('model must be "provider/model", e.g. anthropic/claude-sonnet-4', 'model');
  return { providerId: match[1], modelId: match[2] };
}

export function pageSize(value: number | null | undefined, max: number, fallback: number, field: string): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw badInput(`${field} must be from 1 to ${max}`, field);
  return value;
}

export function search(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > LIMITS.searchMaxChars) throw badInput(`search must be at most ${LIMITS.searchMaxChars} characters`, 'search');
  return trimmed.toLowerCase();
}

export function backwardPaging() {
  return badInput('this list pages forward only: use first and after', 'last');
}

export function unknownPermission(threadId: string, permissionId: string) {
  return notFound(`No pending permission ${permissionId} on thread ${threadId}`);
}
