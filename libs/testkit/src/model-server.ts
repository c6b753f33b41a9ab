import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted model answers to one chat request. */
export type Script =
  /** Streams `text` in `chunks` pieces (default 3, more when slow), spread over `durationMs` when given. */
  | { type: 'text'; text: string; durationMs?: number; chunks?: number }
  /** One tool call; OpenCode runs the tool and asks again with its result. */
  | { type: 'tool'; name: string; input: Record<string, unknown> }
  /** An HTTP error instead of a completion. */
  | { type: 'error'; status: number; message?: string };

export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  tools?: Array<{ function: { name: string } }>;
  [key: string]: unknown;
}

export interface RecordedRequest {
  /** `title`: OpenCode naming the session; `chat`: the agent's turn. */
  purpose: 'title' | 'chat';
  /** OpenCode sends the session id along (`x-session-id`). */
  sessionId: string | undefined;
  /** The `Authorization` header OpenCode sent: which provider key reached the model. */
  authorization: string | undefined;
  lastUserText: string;
  script: Script;
  body: ChatRequest;
}

export interface ModelServerOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Overrides the built-in script for a chat request; `undefined` falls back to it. */
  respond?: (request: ChatRequest) => Script | undefined;
}

export interface ModelServer {
  /** Base URL for an OpenAI-compatible provider, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  /** Every chat-completion request, in arrival order (title requests included). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const SCRIPTED_MODEL_ID = 'scripted-model';

const TOOL_BASH = /\[\[tool:bash ([^\]]+)\]\]/;
const TODO = /\[\[todo:([^\]]+)\]\]/;
const WRITE = /\[\[write:(\S+) ([^\]]*)\]\]/;
const QUESTION = /\[\[question:([^\]|]+)((?:\|[^\]|]*)*)\]\]/;
const SLOW = /\[\[slow:(\d+)\]\]/;
const STREAM = /\[\[stream:(\d+)x(\d+)\]\]/;
const FAIL = /\[\[fail(?::(\d{3}))?\]\]/;
const MARKERS = /\[\[[^\]]*\]\]/g;

export const XSS_REPLY = [
  'Here is some **markdown** with hostile bits:',
  '',
  '<script>alert(1)</script>',
  '',
  '<img src=x onerror=alert(1)>',
  '',
  '[click](javascript:alert(1))',
].join('\n');

export function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

export function lastUserText(messages: ChatMessage[]): string {
  const user = messages.findLast((message) => message.role === 'user');
  return user ? textOf(user.content) : '';
}

function isTitleRequest(request: ChatRequest): boolean {
  return request.messages.some((m) => m.role === 'system' && textOf(m.content).includes('title generator'));
}

/** The title OpenCode gets for a session whose first message is `text`. */
export function scriptedTitle(text: string): string {
  const words = text.replace(MARKERS, ' ').trim().split(/\s+/).filter(Boolean).slice(0, 6).join(' ');
  return `Title: ${words || 'untitled'}`.slice(0, 50);
}

interface QuestionToolItem {
  question: string;
  header: string;
  options: Array<{ label: string; description: string }>;
}

/** The input of OpenCode's `question` tool for `[[question:<question>|<option>|…]]`. */
export function questionInput(marker: string): { questions: QuestionToolItem[] } | undefined {
  const match = QUESTION.exec(marker);
  if (!match?.[1]) return undefined;
  const question = match[1].trim();
  const labels = (match[2] ?? '').split('|').slice(1).map((label) => label.trim()).filter(Boolean);
  // OpenCode's schema requires a header (at most 30 characters) and every option's description.
  const options = labels.map((label) => ({ label, description: '' }));
  return { questions: [{ question, header: question.slice(0, 30), options }] };
}

export interface TodoItem {
  content: string;
  status: string;
  priority: string;
}

/**
 * The input of OpenCode's `todowrite` tool for `[[todo:<status>[/<priority>] <content>|…]]`, e.g.
 * `[[todo:in_progress/high Write the tests|pending Ship it]]`; priority defaults to medium.
 */
export function todoInput(marker: string): { todos: TodoItem[] } | undefined {
  const match = TODO.exec(marker);
  if (!match?.[1]) return undefined;
  const todos = match[1].split('|').flatMap((item) => {
    const [, status = '', priority = 'medium', content = ''] = /^\s*([a-z_]+)(?:\/([a-z]+))?\s+(.+?)\s*$/.exec(item) ?? [];
    return content ? [{ content, status, priority }] : [];
  });
  return todos.length ? { todos } : undefined;
}

/**
 * The input of OpenCode's `write` tool for `[[write:<path> <content>]]`: the path as given (OpenCode
 * resolves a relative one in its workspace), `\n` in the content a line break.
 */
export function writeInput(marker: string): { filePath: string; content: string } | undefined {
  const match = WRITE.exec(marker);
  if (!match?.[1]) return undefined;
  return { filePath: match[1], content: (match[2] ?? '').replaceAll('\\n', '\n') };
}

/** The tool call that a `tool` message answers, from the assistant message that made it. */
function callAnswered(messages: ChatMessage[], result: ChatMessage) {
  for (const message of messages) {
    const call = message.tool_calls?.find((candidate) => candidate.id === result.tool_call_id);
    if (call) return call.function;
  }
  return undefined;
}

/**
 * The operator's answers in OpenCode's result of the `question` tool, one per question asked:
 * `User has answered your questions: "<question>"="<labels, joined>", …. You can now continue …`
 * ("Unanswered" for a question left without an answer). Undefined when the result is not worded so.
 */
export function answersIn(result: string, questions: string[]): string[] | undefined {
  const answers: string[] = [];
  let rest = result;
  for (const [index, question] of questions.entries()) {
    const opening = `"${question}"="`;
    const at = rest.indexOf(opening);
    if (at === -1) return undefined;
    rest = rest.slice(at + opening.length);
    const next = questions[index + 1];
    // The last answer ends at the last quote: the sentence after it has none.
    const end = next === undefined ? rest.lastIndexOf('"') : rest.indexOf(`", "${next}"="`);
    if (end === -1) return undefined;
    answers.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return answers;
}

function afterTool(messages: ChatMessage[], result: ChatMessage): Script {
  const output = textOf(result.content).trim();
  const call = callAnswered(messages, result);
  if (call?.name === 'question') {
    let asked: string[] = [];
    try {
      const input = JSON.parse(call.arguments) as { questions?: Array<{ question?: unknown }> };
      asked = (input.questions ?? []).map((item) => String(item.question));
    } catch {
      // Falls back to the whole result below.
    }
    const answers = asked.length ? answersIn(output, asked) : undefined;
    return { type: 'text', text: `answered: ${answers ? answers.join('; ') : output}` };
  }
  return { type: 'text', text: `tool done: ${output.split('\n')[0] ?? ''}` };
}

function builtInScript(request: ChatRequest): Script {
  const text = lastUserText(request.messages);
  if (isTitleRequest(request)) return { type: 'text', text: scriptedTitle(text) };
  const last = request.messages.at(-1);
  if (last?.role === 'tool') return afterTool(request.messages, last);
  const fail = FAIL.exec(text);
  if (fail) return { type: 'error', status: Number(fail[1] ?? 400), message: 'scripted failure' };
  if (text.includes('[[xss]]')) return { type: 'text', text: XSS_REPLY };
  const tool = TOOL_BASH.exec(text);
  if (tool?.[1]) return { type: 'tool', name: 'bash', input: { command: tool[1].trim() } };
  const todos = todoInput(text);
  if (todos) return { type: 'tool', name: 'todowrite', input: todos };
  const write = writeInput(text);
  if (write) return { type: 'tool', name: 'write', input: write };
  const question = questionInput(text);
  if (question) return { type: 'tool', name: 'question', input: question };
  const echo = `echo: ${text.replace(MARKERS, '').trim()}`;
  const stream = STREAM.exec(text);
  if (stream) {
    const chunks = Math.max(1, Number(stream[1]));
    return { type: 'text', text: echo, chunks, durationMs: chunks * Number(stream[2]) };
  }
  const slow = SLOW.exec(text);
  return slow?.[1] ? { type: 'text', text: echo, durationMs: Number(slow[1]) } : { type: 'text', text: echo };
}

function splitInto(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let completionCounter = 0;

function answerError(res: ServerResponse, script: Extract<Script, { type: 'error' }>): void {
  res.writeHead(script.status, { 'content-type': 'application/json' });
  // OpenCode retries even a 4xx whose body mentions e.g. "server_error", so the type says nothing of the kind.
  res.end(JSON.stringify({ error: { message: script.message ?? 'scripted failure', type: 'scripted_error' } }));
}

async function answer(res: ServerResponse, request: ChatRequest, script: Script): Promise<void> {
  if (script.type === 'error') return answerError(res, script);
  const id = `chatcmpl-${++completionCounter}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const toolCall = script.type === 'tool'
    ? { id: `call_${completionCounter}`, type: 'function', function: { name: script.name, arguments: JSON.stringify(script.input) } }
    : undefined;

  if (!request.stream) {
    const message = script.type === 'text'
      ? { role: 'assistant', content: script.text }
      : { role: 'assistant', content: null, tool_calls: [toolCall] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id, object: 'chat.completion', created, model: request.model, usage,
      choices: [{ index: 0, message, finish_reason: toolCall ? 'tool_calls' : 'stop' }],
    }));
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (delta: object, finishReason: string | null, extra: object = {}) =>
    res.write(`data: ${JSON.stringify({
      id, object: 'chat.completion.chunk', created, model: request.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra,
    })}\n\n`);

  if (script.type === 'text') {
    const { text, durationMs, chunks } = script;
    const pieces = splitInto(text, chunks ?? (durationMs ? Math.max(3, Math.ceil(durationMs / 250)) : 3));
    const gap = durationMs ? durationMs / pieces.length : 0;
    for (const [index, piece] of pieces.entries()) {
      // OpenCode hung up (the session was aborted): stop streaming into the void.
      if (res.destroyed) return;
      send(index === 0 ? { role: 'assistant', content: piece } : { content: piece }, null);
      if (gap) await sleep(gap);
    }
    send({}, 'stop', { usage });
  } else {
    send({ role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] }, null);
    send({}, 'tool_calls', { usage });
  }
  res.end('data: [DONE]\n\n');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body ? JSON.parse(body) : undefined;
}

/**
 * An OpenAI-compatible chat server whose replies are scripted by the last user message:
 * - plain text → `echo: <text>`, streamed in three chunks;
 * - `[[tool:bash <command>]]` → a `bash` tool call; once OpenCode sends the tool's result, `tool done: <first line>`;
 * - `[[question:<question>|<option>|<option>…]]` → a call of OpenCode's `question` tool asking that with
 *   those option labels (no `|` or `]` in either; header: the question's first 30 characters; descriptions
 *   empty); once OpenCode sends the operator's answer, `answered: <answer>` (labels as OpenCode joins
 *   them, "Red, Blue"; "Unanswered" for none). A dismissed question ends OpenCode's turn without asking
 *   the model again. OpenCode offers the tool only with `OPENCODE_ENABLE_QUESTION_TOOL` set or
 *   `OPENCODE_CLIENT` app/cli/desktop (default cli); `prepareOpencodeHome` sets the former;
 * - `[[todo:<status>[/<priority>] <content>|…]]` → a call of OpenCode's `todowrite` tool with that list
 *   (statuses pending, in_progress, completed, cancelled; priority high, medium (default), low); then
 *   `tool done: …` as for bash;
 * - `[[write:<path> <content>]]` → a call of OpenCode's `write` tool (no `]` in the content; `\n` is a
 *   line break); OpenCode writes it without asking unless `edit` permission says otherwise; then `tool done: …`;
 * - `[[slow:<ms>]]` → the echo streamed over that many milliseconds;
 * - `[[stream:<n>x<ms>]]` → the echo in n chunks (fewer if it is shorter than n characters), <ms> apart:
 *   OpenCode relays each as one `message.part.delta`;
 * - `[[fail]]` → HTTP 400, which OpenCode records at once as the assistant message's `APIError`;
 *   `[[fail:<status>]]` → that status (5xx, 408, 409 and 429 make OpenCode retry with backoff: session status `retry`);
 * - `[[xss]]` → markdown with a script tag, an onerror image and a javascript: link.
 * OpenCode's title requests get `Title: <first words>` and never consume a script.
 */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: SCRIPTED_MODEL_ID, object: 'model', owned_by: 'testkit' }] }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
      return;
    }
    const body = (await readJson(req)) as ChatRequest;
    const purpose = isTitleRequest(body) ? 'title' : 'chat';
    const script = (purpose === 'chat' ? options.respond?.(body) : undefined) ?? builtInScript(body);
    const sessionId = req.headers['x-session-id'];
    requests.push({
      purpose,
      sessionId: typeof sessionId === 'string' ? sessionId : undefined,
      authorization: req.headers.authorization,
      lastUserText: lastUserText(body.messages),
      script,
      body,
    });
    await answer(res, body, script);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
