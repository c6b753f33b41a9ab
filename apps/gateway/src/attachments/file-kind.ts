import { isUtf8 } from 'node:buffer';

/** What OpenCode calls a model's inputs (`modalities.input`). */
export type Modality = 'text' | 'image' | 'pdf' | 'audio' | 'video';

export interface FileKind {
  /** What the upload types are matched against. */
  policyMime: string;
  /** What OpenCode is told: `text/plain` for any text, which is the only text OpenCode reads for the model. */
  sentMime: string;
  /** The model input it needs; null for a kind OpenCode has no name for. */
  modality: Modality | null;
}

// Text under another top-level type: sent as text, since OpenCode reads only text/plain for the model.
const TEXT_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/xml',
  'application/javascript',
  'application/x-javascript',
  'application/typescript',
  'application/x-sh',
  'application/x-shellscript',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/sql',
  'application/graphql',
  'application/x-httpd-php',
]);

const isText = (bytes: Uint8Array) => isUtf8(bytes) && !bytes.includes(0);

/**
 * What a file is, from the type the browser declared and, where that says nothing (no type, or
 * octet-stream, as for a `.rs` or a `Makefile`), from its bytes: UTF-8 without NUL is text. A file
 * that declares a text type but is not UTF-8 text is `null`: OpenCode would hand the model garbage.
 */
export function kindOf(declared: string, bytes: Uint8Array): FileKind | null {
  const mime = declared.split(';')[0]!.trim().toLowerCase();
  if (mime === '' || mime === 'application/octet-stream') {
    return isText(bytes) ? textKind('text/plain') : { policyMime: 'application/octet-stream', sentMime: 'application/octet-stream', modality: null };
  }
  if (mime.startsWith('text/') || TEXT_TYPES.has(mime) || mime.endsWith('+json') || mime.endsWith('+xml')) {
    return isText(bytes) ? textKind(mime.startsWith('text/') ? mime : 'text/plain') : null;
  }
  return { policyMime: mime, sentMime: mime, modality: modalityOf(mime) };
}

function textKind(policyMime: string): FileKind {
  return { policyMime, sentMime: 'text/plain', modality: 'text' };
}

function modalityOf(mime: string): Modality | null {
  if (mime === 'application/pdf') return 'pdf';
  const top = mime.slice(0, mime.indexOf('/'));
  return top === 'image' || top === 'audio' || top === 'video' ? top : null;
}
