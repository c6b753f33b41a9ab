import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Returns highlighted HTML for a fenced block, or '' to leave it as escaped text. */
export type Highlighter = (code: string, language: string) => string;

const md = new MarkdownIt({ html: false, linkify: true });
// A reply may carry text the agent read somewhere; images would let it make the browser fetch any URL
// (and leak data in it) just by being displayed. `![alt](url)` therefore stays a plain link.
md.disable('image');

// Links leave the console in a new tab, with no opener and no referrer. The hook runs after DOMPurify
// has removed unsafe URLs, so it only ever decorates links that survived.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Markdown → sanitized HTML. markdown-it already escapes raw HTML; DOMPurify is the second wall. */
export function renderMarkdown(source: string, highlight?: Highlighter): string {
  md.set({ highlight: highlight ?? null });
  return DOMPurify.sanitize(md.render(source));
}

/** Whether the text has a fenced code block worth loading the highlighter for. */
export function hasCodeFence(source: string): boolean {
  return /^ {0,3}(```|~~~)/m.test(source);
}
