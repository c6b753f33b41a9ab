import { describe, expect, it } from 'vitest';
import { kindOf } from './file-kind.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('kindOf', () => {
  it('sends every kind of text as text/plain, matched against the upload types by its own text type', () => {
    expect(kindOf('text/markdown; charset=utf-8', bytes('# hi'))).toEqual({ policyMime: 'text/markdown', sentMime: 'text/plain', modality: 'text' });
    expect(kindOf('application/json', bytes('{}'))).toEqual({ policyMime: 'text/plain', sentMime: 'text/plain', modality: 'text' });
    expect(kindOf('application/vnd.api+json', bytes('{}'))).toMatchObject({ sentMime: 'text/plain' });
    expect(kindOf('image/svg+xml', bytes('<svg/>'))).toMatchObject({ sentMime: 'text/plain', modality: 'text' });
  });

  it('reads a file without a useful type by its bytes: UTF-8 without NUL is text', () => {
    expect(kindOf('', bytes('fn main() {}'))).toMatchObject({ sentMime: 'text/plain' });
    expect(kindOf('application/octet-stream', bytes('héllo'))).toMatchObject({ sentMime: 'text/plain' });
    expect(kindOf('', new Uint8Array([0x68, 0, 0x69]))).toEqual({ policyMime: 'application/octet-stream', sentMime: 'application/octet-stream', modality: null });
  });

  it('has no kind for a file declared as text that is not UTF-8 text', () => {
    expect(kindOf('text/plain', new Uint8Array([0xff, 0xfe]))).toBeNull();
    expect(kindOf('application/json', new Uint8Array([0x7b, 0, 0x7d]))).toBeNull();
  });

  it('names the model input images, PDFs, audio and video need', () => {
    expect(kindOf('IMAGE/PNG', new Uint8Array([0x89]))).toEqual({ policyMime: 'image/png', sentMime: 'image/png', modality: 'image' });
    expect(kindOf('application/pdf', bytes('%PDF-1.7'))).toMatchObject({ modality: 'pdf' });
    expect(kindOf('audio/mpeg', new Uint8Array([1]))).toMatchObject({ modality: 'audio' });
    expect(kindOf('video/mp4', new Uint8Array([1]))).toMatchObject({ modality: 'video' });
    expect(kindOf('application/zip', new Uint8Array([0x50, 0x4b]))).toMatchObject({ modality: null });
  });
});
