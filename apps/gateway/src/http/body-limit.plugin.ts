import type { Plugin } from 'graphql-yoga';
import { refusal } from '../errors.js';

const tooLarge = (maxBytes: number) =>
  refusal('BAD_REQUEST', `The request body is larger than ${maxBytes} bytes`, { status: 413, headers: { connection: 'close' } });

const isMultipart = (request: Request) => request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') === true;

/**
 * Refuses a body above `maxBytes` with 413 before anything parses it: at once when Content-Length
 * says so, else (chunked) as soon as the bytes read pass the limit. Node's parser never lets a
 * body run past a Content-Length it declared, so only undeclared lengths are read here. A multipart
 * body (a message with files) that declares its length may be up to `multipartMaxBytes`; one that
 * does not is held to `maxBytes`, since it is read here, before anyone knows who sends it. This is
 * the gateway's only body limit: Yoga's own is turned off.
 */
export function useBodyLimit(maxBytes: number, multipartMaxBytes = maxBytes): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse }) {
      if (!request.body) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d+$/.test(declared)) {
          endResponse(refusal('BAD_REQUEST', 'Content-Length is not a length'));
          return;
        }
        const allowed = isMultipart(request) ? multipartMaxBytes : maxBytes;
        if (Number(declared) > allowed) endResponse(tooLarge(allowed));
        return;
      }
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        size += chunk.value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          endResponse(tooLarge(maxBytes));
          return;
        }
        chunks.push(chunk.value);
      }
      setRequest(new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks) }));
    },
  };
}
