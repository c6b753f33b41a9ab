import { createHash } from 'node:crypto';
import type { OpencodePort } from '@otto/opencode';
import { badInput } from '../errors.js';
import { kindOf, type FileKind, type Modality } from './file-kind.js';
import { allowsType, formatBytes, type UploadLimits } from './upload-limits.js';

/** A checked file, ready to go to OpenCode as a file part. */
export interface Attachment {
  filename: string;
  /** As OpenCode is told: any text is `text/plain`. */
  mime: string;
  size: number;
  /** Of the bytes: part of a keyed send's fingerprint, so a key reused with other files is refused. */
  sha256: string;
  /** `data:<mime>;base64,…` */
  url: string;
}

/** What the gateway knows of the models of the OpenCode server holding a thread, for the model check. */
export interface ModelInputs {
  /** What a model ("provider/model") takes: `text`, `image`, `pdf`…; null when that server does not offer it. */
  inputsOf(model: string, threadId: string): Promise<readonly string[] | null>;
  /** The model that server uses where nothing names one; null when it picks one itself. */
  defaultModel(threadId: string): Promise<string | null>;
}

export interface AttachmentServiceOptions {
  limits: UploadLimits;
  /** Reads the thread's last message, whose model the next prompt keeps when it names none. */
  opencode: OpencodePort;
  /** Unset: files are not checked against the model. */
  models?: ModelInputs;
}

/** Where the files go: the thread, and the model the message names, if it does. */
export interface AttachTarget {
  threadId: string;
  model?: { providerId: string; modelId: string };
  signal?: AbortSignal;
}

interface Checked {
  index: number;
  name: string;
  bytes: Uint8Array;
  kind: FileKind;
}

const MAX_FILENAME = 255;
const NAMED: Record<Exclude<Modality, 'text'>, string> = { image: 'an image', pdf: 'a PDF', audio: 'audio', video: 'a video' };

/**
 * Checks the files sent with a message before anything is sent — size, type, and whether the model
 * takes them — and turns them into file parts. OpenCode itself would pass an image to a text-only
 * model as an error note the model reads out, so that is refused here: the operator picks another
 * model or drops the file.
 */
export class AttachmentService {
  readonly limits: UploadLimits;
  private readonly opencode: OpencodePort;
  private readonly models: ModelInputs | undefined;

  constructor(options: AttachmentServiceOptions) {
    this.limits = options.limits;
    this.opencode = options.opencode;
    this.models = options.models;
  }

  async prepare(files: readonly File[], target: AttachTarget): Promise<Attachment[]> {
    // Sizes first, so that no byte of a refused message is read.
    for (const [index, file] of files.entries()) {
      if (file.size > this.limits.maxFileBytes) {
        throw refused(index, `is ${formatBytes(file.size)}; a file may be at most ${formatBytes(this.limits.maxFileBytes)}`);
      }
    }
    const checked: Checked[] = [];
    for (const [index, file] of files.entries()) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const kind = kindOf(file.type, bytes);
      if (!kind) throw refused(index, `is declared as ${file.type.split(';')[0]} but is not UTF-8 text`);
      if (!allowsType(this.limits.types, kind.policyMime)) {
        throw refused(index, `is ${kind.policyMime}, which this gateway does not take (it takes ${this.limits.types.join(', ')})`);
      }
      checked.push({ index, name: filenameOf(file.name, index), bytes, kind });
    }
    await this.checkModel(checked, target);
    return checked.map(({ name, bytes, kind }) => ({
      filename: name,
      mime: kind.sentMime,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      url: `data:${kind.sentMime};base64,${Buffer.from(bytes).toString('base64')}`,
    }));
  }

  private async checkModel(checked: Checked[], target: AttachTarget): Promise<void> {
    const needs = checked.filter((file): file is Checked & { kind: { modality: Exclude<Modality, 'text'> } } => file.kind.modality !== null && file.kind.modality !== 'text');
    if (!needs.length || !this.models) return;
    const model = target.model ? `${target.model.providerId}/${target.model.modelId}` : await this.modelInUse(target);
    // OpenCode picks the model itself: nothing to check against.
    if (!model) return;
    const inputs = await this.models.inputsOf(model, target.threadId);
    if (!inputs) return;
    const refusedFile = needs.find((file) => !inputs.includes(file.kind.modality));
    if (refusedFile) {
      throw refused(refusedFile.index, `is ${NAMED[refusedFile.kind.modality]}, which the model ${model} does not take (it takes ${inputs.join(', ')})`);
    }
  }

  /** OpenCode answers a prompt that names no model with the model of the thread's last message, else its default. */
  private async modelInUse(target: AttachTarget): Promise<string | null> {
    const { messages } = await this.opencode.messages(target.threadId, { limit: 1 }, { signal: target.signal });
    const last = messages.at(-1)?.info;
    if (!last) return this.models!.defaultModel(target.threadId);
    return last.role === 'user' ? `${last.model.providerID}/${last.model.modelID}` : `${last.providerID}/${last.modelID}`;
  }
}

function refused(index: number, reason: string) {
  return badInput(`files[${index}] ${reason}; nothing was sent`, `input.files.${index}`);
}

/** The name as the model and the thread show it: no folders, no control characters, not too long. */
function filenameOf(name: string, index: number): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || `attachment-${index + 1}`).slice(0, MAX_FILENAME);
}
