import { open } from 'node:fs/promises';

export interface FileLine {
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  text: string;
}

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The complete lines of a file that end before byte `end` (default: the file's end), last first,
 * read a chunk at a time from the end. A line still being written (no newline yet) is left out.
 * A newline byte never occurs inside a multi-byte UTF-8 character, so splitting bytes is safe.
 */
export async function* linesBackward(path: string, end?: number, chunkBytes = CHUNK_BYTES): AsyncGenerator<FileLine> {
  const file = await openIfPresent(path);
  if (!file) return;
  try {
    let position = Math.min(end ?? Number.POSITIVE_INFINITY, (await file.stat()).size);
    // The bytes after the newest newline seen so far: the tail of a line whose start is further back.
    let carry = Buffer.alloc(0);
    let sawNewline = false;
    while (position > 0) {
      const size = Math.min(chunkBytes, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await file.read(chunk, 0, size, position);
      const data = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      let lineEnd = data.length;
      for (let index = data.length - 1; index >= 0; index -= 1) {
        if (data[index] !== NEWLINE) continue;
        if (sawNewline && lineEnd > index + 1) yield { offset: position + index + 1, text: data.toString('utf8', index + 1, lineEnd) };
        sawNewline = true;
        lineEnd = index;
      }
      carry = sawNewline ? data.subarray(0, lineEnd) : Buffer.alloc(0);
    }
    if (carry.length) yield { offset: 0, text: carry.toString('utf8') };
  } finally {
    await file.close();
  }
}

/** The file's first complete line, or undefined when it has none (yet). */
export async function firstLine(path: string, chunkBytes = CHUNK_BYTES): Promise<string | undefined> {
  const file = await openIfPresent(path);
  if (!file) return undefined;
  try {
    let read = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.alloc(chunkBytes);
      const { bytesRead } = await file.read(chunk, 0, chunkBytes, read.length);
      if (bytesRead === 0) return undefined;
      read = Buffer.concat([read, chunk.subarray(0, bytesRead)]);
      const newline = read.indexOf(NEWLINE);
      if (newline !== -1) return read.toString('utf8', 0, newline);
    }
  } finally {
    await file.close();
  }
}

// A file may be deleted by rotation between being listed and being opened.
async function openIfPresent(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
