import type { MessageView, PartView } from '../messages/message-view.js';
import type { Tokens } from '../threads/usage.js';
import { iso, usageOf, type ThreadDocument } from './thread-document.js';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const count = new Intl.NumberFormat('en-US');

/**
 * The thread as Markdown to read or paste: each message under a heading with its time (and, for a
 * reply, model, cost and tokens), the words as written, reasoning and tool calls folded in
 * `<details>`. Attachments are named, not embedded (the JSON export keeps them).
 */
export function threadMarkdown(document: ThreadDocument): string {
  const { thread } = document;
  const usage = usageOf(document);
  const facts: Array<[string, string]> = [
    ['Thread', code(thread.id)],
    ['State', thread.state],
    ['Bound as', thread.binding ? `${code(thread.binding.key)} by ${thread.binding.source}` : 'not bound'],
    ['Created', iso(thread.createdAt) ?? 'unknown'],
    ['Exported', iso(document.exportedAt) ?? ''],
  ];
  if (usage) facts.push(['Cost', `${money.format(usage.cost)} · ${tokenLine(usage.tokens)}`]);
  const blocks = [
    `# ${oneLine(thread.title) || 'Untitled'}`,
    ['| | |', '|---|---|', ...facts.map(([name, value]) => `| ${name} | ${value.replaceAll('|', '\\|')} |`)].join('\n'),
  ];
  if (document.truncated) blocks.push(`> Only the newest ${document.messages.length} messages are here; older ones were left out.`);
  if (document.messages.length === 0) blocks.push('_No messages._');
  for (const message of document.messages) blocks.push(messageMarkdown(message));
  return `${blocks.join('\n\n')}\n`;
}

function messageMarkdown(message: MessageView): string {
  const blocks = [`---\n\n## ${headingOf(message)}`];
  for (const part of message.parts) {
    const block = partMarkdown(part);
    if (block) blocks.push(block);
  }
  if (message.error) blocks.push(`**Failed (${oneLine(message.error.name)}):** ${oneLine(message.error.message)}`);
  return blocks.join('\n\n');
}

function headingOf(message: MessageView): string {
  const at = iso(message.createdAt);
  if (message.role === 'USER') return `You · ${at}`;
  const about = [message.model ? `${message.model.providerId}/${message.model.modelId}` : null, message.agent].filter(Boolean).join(', ');
  const spent = [message.cost !== null ? money.format(message.cost) : null, message.tokens ? tokenLine(message.tokens) : null].filter(Boolean).join(' · ');
  return ['Assistant', about ? `(${about})` : null, `· ${at}`, spent ? `· ${spent}` : null, message.status === 'PENDING' ? '· unfinished' : null]
    .filter(Boolean)
    .join(' ');
}

function partMarkdown(part: PartView): string | null {
  switch (part.kind) {
    case 'text':
      return part.text.trim() ? part.text : null;
    case 'reasoning':
      return part.text.trim() ? folded('Reasoning', part.text) : null;
    case 'tool': {
      const summary = `Tool ${part.name}${part.title ? `: ${oneLine(part.title)}` : ''} (${part.status.toLowerCase()})`;
      const body = [`**Input**\n\n${fenced(JSON.stringify(part.input ?? null, null, 2), 'json')}`];
      if (part.output !== null) body.push(`**Output**\n\n${fenced(part.output)}`);
      if (part.error !== null) body.push(`**Error**\n\n${fenced(part.error)}`);
      return folded(summary, body.join('\n\n'));
    }
    case 'file':
      return `📎 ${oneLine(part.filename ?? 'attachment')} (${part.mime})`;
    case 'patch':
      return part.files.length ? `Changed: ${part.files.map(code).join(', ')}` : null;
    case 'step':
      return null;
  }
}

function tokenLine(tokens: Tokens): string {
  return `${count.format(tokens.input)} in / ${count.format(tokens.output)} out tokens`;
}

/** A `<details>` block; its summary is HTML, so what comes from the agent is escaped there. */
function folded(summary: string, body: string): string {
  return `<details>\n<summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** A fence longer than any run of backticks in the text, so nothing inside can close it. */
export function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
