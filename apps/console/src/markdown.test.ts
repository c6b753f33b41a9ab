// @vitest-environment jsdom
// DOMPurify misjudges happy-dom's nodes (it drops <body> as clobbered and keeps <script>), so the
// sanitizing tests run on jsdom, whose DOM behaves like a browser's here.
import { describe, expect, it } from 'vitest';
import { hasCodeFence, renderMarkdown } from './markdown';

function render(source: string) {
  const host = document.createElement('div');
  host.innerHTML = renderMarkdown(source);
  return host;
}

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    const host = render('# Title\n\nSome **bold** and `code`.\n\n- one\n- two');
    expect(host.querySelector('h1')?.textContent).toBe('Title');
    expect(host.querySelector('strong')?.textContent).toBe('bold');
    expect(host.querySelector('code')?.textContent).toBe('code');
    expect(host.querySelectorAll('li')).toHaveLength(2);
  });

  it('shows raw HTML as text, never as elements', () => {
    const host = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href="javascript:alert(1)">x</a>');
    expect(host.querySelector('script, img, [onerror]')).toBeNull();
    expect(host.querySelector('a')).toBeNull();
    expect(host.textContent).toContain('<script>alert(1)</script>');
  });

  it('leaves javascript: links inert', () => {
    const host = render('[click](javascript:alert(1)) and [also](JaVaScRiPt:alert(1)) and <javascript:alert(1)>');
    for (const link of host.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
    }
    expect(host.innerHTML).not.toMatch(/href="\s*javascript:/i);
  });

  it('opens links in a new tab without opener or referrer', () => {
    const link = render('[docs](https://example.com/docs) and https://example.org').querySelectorAll('a');
    expect(link).toHaveLength(2);
    for (const a of link) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('does not load images', () => {
    const host = render('![tracker](https://example.com/pixel.png?secret=1)');
    expect(host.querySelector('img')).toBeNull();
  });

  it('highlights fenced code with the given highlighter, escaping otherwise', () => {
    const source = '```ts\nconst a = "<b>";\n```';
    expect(renderMarkdown(source)).toContain('&lt;b&gt;');
    const html = renderMarkdown(source, (code, language) => `<span class="hljs-keyword">${language}</span>`);
    expect(html).toContain('<span class="hljs-keyword">ts</span>');
  });

  it('sanitizes what a highlighter returns', () => {
    const html = renderMarkdown('```js\nx\n```', () => '<img src=x onerror=alert(1)>');
    expect(html).not.toContain('onerror');
  });
});

describe('hasCodeFence', () => {
  it('finds fenced blocks only', () => {
    expect(hasCodeFence('text\n```js\nx\n```')).toBe(true);
    expect(hasCodeFence('~~~\nx\n~~~')).toBe(true);
    expect(hasCodeFence('inline `code` only')).toBe(false);
  });
});
