import { describe, expect, it } from 'vitest';
import type { MessageView, PartView } from '../messages/message-view.js';
import type { Thread } from '../threads/thread-state.js';
import { ExportService } from './export.service.js';
import { fenced } from './thread-markdown.js';

const thread: Thread = {
  id: 'ses_abc123',
  title: 'Fix the <login> bug!',
  state: 'LIVE',
  activity: 'IDLE',
  binding: { sessionId: 'ses_abc123', key: 'chat:7', source: 'telegram', boundAt: 0, lastSeenAt: null, server: 'default' },
  server: 'default',
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  updatedAt: null,
  session: null,
};

const tokens = { input: 1_200, output: 34, reasoning: 0, cacheRead: 0, cacheWrite: 0 };

function message(n: number, role: 'USER' | 'ASSISTANT', parts: PartView[], extra: Partial<MessageView> = {}): MessageView {
  return {
    id: `msg_${String(n).padStart(4, '0')}`,
    threadId: thread.id,
    role,
    createdAt: Date.UTC(2026, 0, 2, 3, 5, n % 60),
    completedAt: null,
    status: 'COMPLETE',
    text: parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text).join('\n\n'),
    parts,
    error: null,
    model: role === 'ASSISTANT' ? { providerId: 'scripted', modelId: 'scripted-model' } : null,
    agent: role === 'ASSISTANT' ? 'build' : null,
    parentId: null,
    cost: role === 'ASSISTANT' ? 0.0123 : null,
    tokens: role === 'ASSISTANT' ? tokens : null,
    ...extra,
  };
}

const HISTORY: MessageView[] = [
  message(1, 'USER', [{ kind: 'text', id: 'p1', text: 'list the files' }, { kind: 'file', id: 'p2', mime: 'text/plain', filename: 'notes.txt', url: 'data:text/plain;base64,aGk=' }]),
  message(2, 'ASSISTANT', [
    { kind: 'reasoning', id: 'p3', text: 'I should run ls.' },
    { kind: 'tool', id: 'p4', callId: 'c1', name: 'bash', status: 'COMPLETED', title: 'ls <dir>', input: { command: 'ls' }, output: 'a.txt\n```\nb.txt', error: null },
    { kind: 'step', id: 'p5', phase: 'FINISH', reason: 'stop', cost: 0.01, tokens },
    { kind: 'text', id: 'p6', text: 'There are **two** files.' },
  ]),
];

/** A message service over a fixed history, paging as OpenCode does: newest `last` before the cursor, oldest first. */
function pagedOver(history: MessageView[]) {
  const reads: Array<{ last: number; before?: string }> = [];
  return {
    reads,
    page: async (_thread: Thread, page: { last: number; before?: string }) => {
      reads.push(page);
      const end = page.before === undefined ? history.length : Number(page.before);
      const start = Math.max(0, end - page.last);
      return { nodes: history.slice(start, end), olderCursor: start > 0 ? String(start) : null };
    },
  };
}

const service = (history: MessageView[], maxMessages?: number) => {
  const messages = pagedOver(history);
  return {
    messages,
    exports: new ExportService({ threads: { require: async () => thread }, messages, now: () => Date.UTC(2026, 0, 3), maxMessages }),
  };
};

describe('ExportService', () => {
  it('writes Markdown with the words as written, reasoning and tool calls folded, and costs', async () => {
    const { exports } = service(HISTORY);
    const file = await exports.export(thread.id, 'MARKDOWN');
    expect(file).toMatchObject({ filename: 'otto-fix-the-login-bug-ses_abc123.md', mimeType: 'text/markdown; charset=utf-8', messageCount: 2, truncated: false });
    const md = file.content;
    expect(md).toMatch(/^# Fix the <login> bug!\n/);
    expect(md).toContain('| Bound as | `chat:7` by telegram |');
    expect(md).toContain('| Cost | $0.0123 · 1,200 in / 34 out tokens |');
    expect(md).toContain('## You · 2026-01-02T03:05:01.000Z\n\nlist the files\n\n📎 notes.txt (text/plain)');
    expect(md).not.toContain('data:text/plain');
    expect(md).toContain('## Assistant (scripted/scripted-model, build) · 2026-01-02T03:05:02.000Z · $0.0123 · 1,200 in / 34 out tokens');
    expect(md).toContain('<details>\n<summary>Reasoning</summary>\n\nI should run ls.\n\n</details>');
    // The summary is HTML: the tool's title is escaped there; the output's own fence cannot close the block.
    expect(md).toContain('<summary>Tool bash: ls &lt;dir&gt; (completed)</summary>');
    expect(md).toContain('**Input**\n\n```json\n{\n  "command": "ls"\n}\n```');
    expect(md).toContain('**Output**\n\n````\na.txt\n```\nb.txt\n````');
    expect(md).toContain('There are **two** files.');
    expect(md.indexOf('<summary>Tool bash')).toBeLessThan(md.indexOf('There are **two** files.'));
  });

  it('writes JSON with every field and ISO times', async () => {
    const { exports } = service(HISTORY);
    const file = await exports.export(thread.id, 'JSON');
    expect(file).toMatchObject({ filename: 'otto-fix-the-login-bug-ses_abc123.json', mimeType: 'application/json' });
    const document = JSON.parse(file.content);
    expect(document).toMatchObject({
      format: 'otto-thread/1',
      exportedAt: '2026-01-03T00:00:00.000Z',
      truncated: false,
      thread: { id: 'ses_abc123', title: 'Fix the <login> bug!', binding: { key: 'chat:7', source: 'telegram' }, usage: { cost: 0.0123, tokens } },
    });
    expect(document.messages).toHaveLength(2);
    expect(document.messages[1].parts[1]).toMatchObject({ kind: 'tool', name: 'bash', input: { command: 'ls' }, output: 'a.txt\n```\nb.txt' });
    expect(document.messages[0].parts[1].url).toBe('data:text/plain;base64,aGk=');
    expect(document.messages[0].createdAt).toBe('2026-01-02T03:05:01.000Z');
  });

  it('reads the whole history a page at a time, oldest first, and keeps the newest when there is too much', async () => {
    const long = Array.from({ length: 250 }, (_, i) => message(i, i % 2 ? 'ASSISTANT' : 'USER', [{ kind: 'text', id: `t${i}`, text: `message ${i}` }]));
    const all = service(long);
    const whole = JSON.parse((await all.exports.export(thread.id, 'JSON')).content);
    expect(whole.messages.map((m: MessageView) => m.text)).toEqual(long.map((m) => m.text));
    expect(all.messages.reads.map((read) => read.last)).toEqual([100, 100, 100]);

    const capped = service(long, 120);
    const file = await capped.exports.export(thread.id, 'MARKDOWN');
    expect(file).toMatchObject({ messageCount: 120, truncated: true });
    expect(file.content).toContain('> Only the newest 120 messages are here');
    expect(file.content).toContain('message 249');
    expect(file.content).not.toContain('message 129\n');
    expect(capped.messages.reads.map((read) => read.last)).toEqual([100, 20]);
  });

  it('says so when there are no messages', async () => {
    const { exports } = service([]);
    const file = await exports.export(thread.id, 'MARKDOWN');
    expect(file.content).toContain('_No messages._');
    expect(file.content).not.toContain('| Cost |');
  });
});

describe('fenced', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(fenced('plain')).toBe('```\nplain\n```');
    expect(fenced('a ````` b', 'sh')).toBe('``````sh\na ````` b\n``````');
  });
});
