import { describe, expect, it } from 'vitest';
import { attachableKinds, dataUrlBytes, dataUrlText, isThumbnail, pickerAccept, refusalOf, type AttachmentRules } from './attachments';

const RULES: AttachmentRules = {
  maxFileBytes: 1_024,
  maxFiles: 2,
  types: ['image/png', 'image/jpeg', 'text/*', 'application/pdf'],
  model: 'scripted/scripted-vision',
  inputs: ['text', 'image', 'pdf'],
};
const file = (name: string, type: string, size = 10) => new File(['x'.repeat(size)], name, { type });

describe('refusalOf', () => {
  it('takes what the gateway and the model take, and a typeless file that may be text', () => {
    expect(refusalOf(file('a.png', 'image/png'), RULES, 0)).toBeNull();
    expect(refusalOf(file('a.md', 'text/markdown'), RULES, 0)).toBeNull();
    expect(refusalOf(file('a.json', 'application/json'), RULES, 1)).toBeNull();
    expect(refusalOf(file('main.rs', ''), RULES, 0)).toBeNull();
  });

  it('says why it refuses: too many, too big, a type the gateway does not take, an input the model does not read', () => {
    expect(refusalOf(file('c.txt', 'text/plain'), RULES, 2)).toBe('c.txt: at most 2 files per message');
    expect(refusalOf(file('big.txt', 'text/plain', 2_048), RULES, 0)).toBe('big.txt is 2.0 KiB; a file may be at most 1.0 KiB');
    expect(refusalOf(file('a.zip', 'application/zip'), RULES, 0)).toBe('a.zip: this gateway does not take application/zip');
    expect(refusalOf(file('a.gif', 'image/gif'), RULES, 0)).toBe('a.gif: this gateway does not take image/gif');
    const textOnly = { ...RULES, model: 'scripted/scripted-model', inputs: ['text'] };
    expect(refusalOf(file('a.png', 'image/png'), textOnly, 0)).toBe('a.png: scripted/scripted-model does not read images');
    expect(refusalOf(file('a.pdf', 'application/pdf'), textOnly, 0)).toBe('a.pdf: scripted/scripted-model does not read PDFs');
    expect(refusalOf(file('x.bin', ''), { ...RULES, types: ['image/png'] }, 0)).toBe('x.bin: this gateway does not take files of this type');
  });

  it('leaves the model check to the gateway when the model is not known', () => {
    expect(refusalOf(file('a.png', 'image/png'), { ...RULES, model: null, inputs: null }, 0)).toBeNull();
  });
});

describe('what the composer offers', () => {
  it('names the kinds the model reads, and filters the picker only when no text is taken', () => {
    expect(attachableKinds(RULES)).toEqual(['images', 'text', 'PDF']);
    expect(attachableKinds({ ...RULES, inputs: ['text'] })).toEqual(['text']);
    expect(pickerAccept(RULES)).toBeUndefined();
    expect(pickerAccept({ ...RULES, types: ['image/*', 'application/pdf'], inputs: ['text', 'pdf'] })).toBe('application/pdf');
  });
});

describe('data: URLs', () => {
  it('tell their size and text, and only raster images from data: URLs are thumbnails', () => {
    const text = `data:text/plain;base64,${btoa(String.fromCharCode(...new TextEncoder().encode('héllo')))}`;
    expect(dataUrlText(text)).toBe('héllo');
    expect(dataUrlBytes(text)).toBe(6);
    expect(dataUrlBytes('data:image/png;base64,iVBORw0KGgo=')).toBe(8);
    expect(dataUrlText('data:image/png;base64,iVBORw0KGgo=')).toBeNull();
    expect(dataUrlBytes('https://example.com/a.png')).toBeNull();
    expect(isThumbnail('image/png', 'data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isThumbnail('image/svg+xml', 'data:image/svg+xml;base64,PHN2Zy8+')).toBe(false);
    expect(isThumbnail('image/png', 'https://example.com/a.png')).toBe(false);
  });
});
