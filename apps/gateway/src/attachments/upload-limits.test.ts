import { describe, expect, it } from 'vitest';
import { allowsType, formatBytes, multipartBodyLimit, parseUploadTypes } from './upload-limits.js';

describe('upload limits', () => {
  it('reads OTTO_UPLOAD_TYPES as MIME types and type/* patterns, lower case, once each', () => {
    expect(parseUploadTypes(' image/PNG ,text/*, image/png,application/vnd.ms-excel ')).toEqual(['image/png', 'text/*', 'application/vnd.ms-excel']);
    expect(() => parseUploadTypes('images')).toThrow(/got "images"/);
    expect(() => parseUploadTypes('*/*')).toThrow(/MIME types/);
    expect(() => parseUploadTypes(',')).toThrow(/MIME types/);
  });

  it('matches a type exactly or by its top-level pattern', () => {
    expect(allowsType(['image/*', 'application/pdf'], 'image/webp')).toBe(true);
    expect(allowsType(['image/*', 'application/pdf'], 'application/pdf')).toBe(true);
    expect(allowsType(['image/*', 'application/pdf'], 'application/pdfx')).toBe(false);
    expect(allowsType(['text/plain'], 'text/markdown')).toBe(false);
  });

  it('lets a multipart body carry the most and largest files besides an ordinary body', () => {
    expect(multipartBodyLimit({ maxFileBytes: 10_485_760, types: [] }, 1_048_576)).toBe(53_477_376);
  });

  it('writes sizes as an operator reads them', () => {
    expect([formatBytes(12), formatBytes(2_000), formatBytes(10_485_760), formatBytes(1_600_000)]).toEqual(['12 bytes', '2 KB', '10 MB', '1.5 MB']);
  });
});
