import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageAttachment from './MessageAttachment.vue';

const part = (fields: { filename?: string | null; mime: string; url: string }) =>
  mount(MessageAttachment, { props: { part: { __typename: 'FilePart' as const, id: 'prt_1', filename: fields.filename ?? null, mime: fields.mime, url: fields.url } } });
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('MessageAttachment', () => {
  it('shows an image as a thumbnail named by its file, larger on demand', async () => {
    const wrapper = part({ filename: 'dot.png', mime: 'image/png', url: PNG });
    const image = wrapper.find('img');
    expect(image.attributes()).toMatchObject({ src: PNG, alt: 'dot.png' });
    expect(wrapper.find('figcaption').text()).toBe('dot.png 70 B');
    await wrapper.find('button').trigger('click');
    expect(wrapper.find('button').attributes('aria-expanded')).toBe('true');
  });

  it('shows a text file folded, as the file it was, its text inside', () => {
    const wrapper = part({ filename: 'notes.txt', mime: 'text/plain', url: `data:text/plain;base64,${btoa('line one\nline two')}` });
    expect(wrapper.find('details summary').text()).toContain('notes.txt');
    expect(wrapper.find('details pre').text()).toBe('line one\nline two');
    expect(wrapper.find('details').attributes('open')).toBeUndefined();
  });

  it('shows no thumbnail for an image that is not inline, nor for an SVG', () => {
    expect(part({ filename: 'a.png', mime: 'image/png', url: 'https://example.com/a.png' }).find('img').exists()).toBe(false);
    expect(part({ filename: 'a.svg', mime: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zy8+' }).find('img').exists()).toBe(false);
  });
});
