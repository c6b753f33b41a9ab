import { formatBytes } from './systemFigures';

/** What the gateway takes (system.uploads) and what the model the send goes to reads (ModelInfo.inputs). */
export interface AttachmentRules {
  maxFileBytes: number;
  maxFiles: number;
  /** MIME types and type/* patterns. */
  types: readonly string[];
  /** "provider/model" the send goes to; null when OpenCode picks it. */
  model: string | null;
  /** What that model reads; null when it is not known, and then only the gateway checks. */
  inputs: readonly string[] | null;
}

// Text under another top-level type: the gateway sends it as text. A file of no type may be text
// too (a .rs, a Makefile); only the gateway, reading its bytes, can tell.
const TEXT_TYPES = ['application/json', 'application/xml', 'application/javascript', 'application/x-sh', 'application/yaml', 'application/x-yaml', 'application/toml', 'application/sql'];

const allows = (types: readonly string[], mime: string) =>
  types.some((type) => (type.endsWith('/*') ? mime.startsWith(type.slice(0, -1)) : mime === type));

/** The MIME type the gateway will match against its types; null when only the bytes can tell. */
function policyType(file: File): string | null {
  const mime = file.type.split(';')[0]!.trim().toLowerCase();
  if (mime === '' || mime === 'application/octet-stream') return null;
  if (mime.startsWith('text/')) return mime;
  if (TEXT_TYPES.includes(mime) || mime.endsWith('+json') || mime.endsWith('+xml')) return 'text/plain';
  return mime;
}

/** The model input a file needs besides text, as OpenCode names it. */
export function inputNeeded(mime: string): 'image' | 'pdf' | 'audio' | 'video' | null {
  if (mime === 'application/pdf') return 'pdf';
  const top = mime.slice(0, mime.indexOf('/'));
  return top === 'image' || top === 'audio' || top === 'video' ? top : null;
}

const NAMED = { image: 'images', pdf: 'PDFs', audio: 'audio', video: 'video' } as const;

/** Why the gateway would refuse this file, said before it is sent; null when it would take it. */
export function refusalOf(file: File, rules: AttachmentRules, alreadyAttached: number): string | null {
  if (alreadyAttached >= rules.maxFiles) return `${file.name}: at most ${rules.maxFiles} files per message`;
  if (file.size > rules.maxFileBytes) return `${file.name} is ${formatBytes(file.size)}; a file may be at most ${formatBytes(rules.maxFileBytes)}`;
  const mime = policyType(file);
  if (mime === null) return allows(rules.types, 'text/plain') ? null : `${file.name}: this gateway does not take files of this type`;
  if (!allows(rules.types, mime)) return `${file.name}: this gateway does not take ${mime}`;
  const needed = inputNeeded(mime);
  if (needed && rules.inputs && !rules.inputs.includes(needed)) return `${file.name}: ${rules.model ?? 'this model'} does not read ${NAMED[needed]}`;
  return null;
}

/** What the composer offers to attach, for its hint: "images, text, PDF". */
export function attachableKinds(rules: AttachmentRules): string[] {
  const kinds: string[] = [];
  const readable = (input: keyof typeof NAMED) => !rules.inputs || rules.inputs.includes(input);
  if (rules.types.some((type) => type.startsWith('image/')) && readable('image')) kinds.push('images');
  if (rules.types.some((type) => type.startsWith('text/'))) kinds.push('text');
  if (rules.types.includes('application/pdf') && readable('pdf')) kinds.push('PDF');
  return kinds;
}

/**
 * The file picker's filter: the types the gateway and model take — none when text is among them,
 * since a text file often has no type the picker knows (.rs, .tsx, Makefile).
 */
export function pickerAccept(rules: AttachmentRules): string | undefined {
  if (rules.types.some((type) => type.startsWith('text/'))) return undefined;
  return rules.types.filter((type) => {
    const needed = inputNeeded(type.replace('/*', '/x'));
    return !needed || !rules.inputs || rules.inputs.includes(needed);
  }).join(',');
}

const DATA_URL = /^data:([^;,]+)(;base64)?,/;

/** How many bytes a data: URL holds; null for any other URL. */
export function dataUrlBytes(url: string): number | null {
  const match = DATA_URL.exec(url);
  if (!match) return null;
  const payload = url.slice(match[0].length);
  if (!match[2]) return decodeURIComponent(payload).length;
  return Math.floor((payload.length * 3) / 4) - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0);
}

/** The text a `data:text/…` URL holds; null for any other URL. */
export function dataUrlText(url: string): string | null {
  const match = DATA_URL.exec(url);
  if (!match || !match[1]!.startsWith('text/')) return null;
  const payload = url.slice(match[0].length);
  if (!match[2]) return decodeURIComponent(payload);
  const binary = atob(payload);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** Only images a browser shows safely inline, from data: URLs (the page's CSP allows no other source). */
export function isThumbnail(mime: string, url: string): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(mime) && url.startsWith(`data:${mime};`);
}
