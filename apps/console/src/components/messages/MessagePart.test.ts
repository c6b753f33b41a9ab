// @vitest-environment jsdom
// DOMPurify misjudges happy-dom's nodes (it drops <body> as clobbered and keeps <script>), so the
// sanitizing tests run on jsdom, whose DOM behaves like a browser's here.
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Message } from '../../messageHistory';
import MessagePart from './MessagePart.vue';

type Part = Message['parts'][number];

const mountPart = (part: Part) => mount(MessagePart, { props: { part } });

const tool = (fields: Partial<Extract<Part, { __typename: 'ToolPart' }>>): Part => ({
  __typename: 'ToolPart',
  id: 'prt_tool',
  callId: 'call_1',
  name: 'bash',
  status: 'COMPLETED',
  title: null,
  input: { command: 'ls -la', description: 'List files' },
  output: 'README.md\npackage.json',
  error: null,
  ...fields,
});

describe('MessagePart', () => {
  it('renders a text part as markdown', () => {
    const wrapper = mountPart({ __typename: 'TextPart', id: 'prt_1', text: 'Hello **world**\n\n- a\n- b' });
    expect(wrapper.find('strong').text()).toBe('world');
    expect(wrapper.findAll('li')).toHaveLength(2);
  });

  it('renders a hostile reply inert', () => {
    const text = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '<a href="javascript:alert(1)">raw</a>',
    ].join('\n\n');
    const wrapper = mountPart({ __typename: 'TextPart', id: 'prt_1', text });
    const root = wrapper.element as HTMLElement;
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[onerror]')).toBeNull();
    expect(root.innerHTML).not.toMatch(/<[^>]+\sonerror=/i);
    for (const link of root.querySelectorAll('a')) expect(link.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    expect(root.textContent).toContain('<script>alert(1)</script>');
  });

  it('highlights code blocks once the highlighter has loaded', async () => {
    const wrapper = mountPart({ __typename: 'TextPart', id: 'prt_1', text: '```ts\nconst answer = 42;\n```' });
    expect(wrapper.find('pre code').text()).toContain('const answer = 42;');
    await vi.waitFor(() => expect(wrapper.find('pre code .hljs-keyword').exists()).toBe(true));
    expect(wrapper.find('pre code').text()).toContain('const answer = 42;');
  });

  it('shows a tool call with its name, status, input summary and output', () => {
    const wrapper = mountPart(tool({}));
    expect(wrapper.find('summary').text()).toContain('bash');
    expect(wrapper.find('summary').text()).toContain('Completed');
    expect(wrapper.find('summary').text()).toContain('ls -la');
    expect(wrapper.find('details').text()).toContain('README.md');
  });

  it('shows a failed tool call with its error outside the collapsed body', () => {
    const wrapper = mountPart(tool({ status: 'ERROR', output: null, error: 'permission denied' }));
    expect(wrapper.find('summary').text()).toContain('Error');
    const error = wrapper.find('pre.error');
    expect(error.text()).toContain('permission denied');
    expect(error.element.closest('details')).toBeNull();
  });

  it('shows a running tool call as running', () => {
    const wrapper = mountPart(tool({ status: 'RUNNING', output: null }));
    expect(wrapper.find('summary').text()).toContain('Running');
  });

  it('collapses reasoning', () => {
    const wrapper = mountPart({ __typename: 'ReasoningPart', id: 'prt_r', text: 'Thinking <b>hard</b>' });
    const details = wrapper.find('details');
    expect(details.exists()).toBe(true);
    expect((details.element as HTMLDetailsElement).open).toBe(false);
    expect(details.find('summary').text()).toBe('Reasoning');
    expect(details.text()).toContain('Thinking <b>hard</b>');
    expect(details.find('b').exists()).toBe(false);
  });

  it('lists the files of a patch', () => {
    const wrapper = mountPart({ __typename: 'PatchPart', id: 'prt_p', hash: 'abcdef1234567890', files: ['src/a.ts', 'README.md'] });
    expect(wrapper.text()).toContain('Changed 2 files');
    expect(wrapper.text()).toContain('abcdef12');
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['Msrc/a.ts', 'MREADME.md']);
  });

  it('shows a file as a chip, linked only for web URLs', () => {
    const web = mountPart({ __typename: 'FilePart', id: 'prt_f', filename: 'report.pdf', mime: 'application/pdf', url: 'https://example.com/r.pdf' });
    expect(web.find('a').attributes()).toMatchObject({ href: 'https://example.com/r.pdf', rel: 'noopener noreferrer', target: '_blank' });
    expect(web.text()).toContain('report.pdf');

    const hostile = mountPart({ __typename: 'FilePart', id: 'prt_f', filename: 'x', mime: 'text/plain', url: 'javascript:alert(1)' });
    expect(hostile.find('a').exists()).toBe(false);
    expect(hostile.text()).toContain('x');
  });

  it('renders nothing for step boundaries', () => {
    const wrapper = mountPart({ __typename: 'StepPart', id: 'prt_s', phase: 'FINISH' });
    expect(wrapper.text()).toBe('');
    expect(wrapper.element.nodeType).toBe(Node.COMMENT_NODE);
  });
});
