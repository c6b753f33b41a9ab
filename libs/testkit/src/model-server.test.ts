import { afterEach, describe, expect, it } from 'vitest';
import {
  answersIn,
  startModelServer,
  XSS_REPLY,
  type ChatMessage,
  type ModelServer,
  type ModelServerOptions,
} from './model-server.js';

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options?: ModelServerOptions) {
  server = await startModelServer(options);
  return server;
}

interface Chunk {
  choices: Array<{
    delta: { content?: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> };
    finish_reason: string | null;
  }>;
}

async function chat(url: string, messages: ChatMessage[], stream = true) {
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'scripted-model', stream, messages }),
  });
  if (!stream || response.status !== 200) return { status: response.status, json: await response.json() as unknown };
  const events = (await response.text()).split('\n\n').filter(Boolean).map((event) => event.replace(/^data: /, ''));
  expect(events.at(-1)).toBe('[DONE]');
  const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Chunk);
  return {
    status: response.status,
    chunks,
    text: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''),
    toolCalls: chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []),
    finish: chunks.at(-1)?.choices[0]?.finish_reason,
  };
}

const user = (text: string): ChatMessage => ({ role: 'user', content: text });

describe('startModelServer', () => {
  it('lists its one model', async () => {
    const { url } = await start();
    expect(await (await fetch(`${url}/models`)).json()).toMatchObject({ data: [{ id: 'scripted-model' }] });
  });

  it('echoes the last user message in several chunks', async () => {
    const { url, requests } = await start();
    const reply = await chat(url, [user('first'), { role: 'assistant', content: 'x' }, user('hello there')]);
    expect(reply).toMatchObject({ status: 200, text: 'echo: hello there', finish: 'stop' });
    expect(reply.chunks!.length).toBeGreaterThan(2);
    expect(requests).toMatchObject([{ purpose: 'chat', lastUserText: 'hello there' }]);
  });

  it('calls the bash tool, then reports its output', async () => {
    const { url } = await start();
    const call = await chat(url, [user('go [[tool:bash echo hi]]')]);
    expect(call.finish).toBe('tool_calls');
    expect(call.toolCalls).toEqual([expect.objectContaining({ function: { name: 'bash', arguments: '{"command":"echo hi"}' } })]);

    const done = await chat(url, [
      user('go [[tool:bash echo hi]]'),
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { name: 'bash', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'hi\nmore\n' },
    ]);
    expect(done.text).toBe('tool done: hi');
  });

  it('asks OpenCode\'s question tool, then answers with the labels the operator chose', async () => {
    const { url } = await start();
    const marker = 'pick one [[question:Which colour?|Red|Blue]]';
    const call = await chat(url, [user(marker)]);
    expect(call.finish).toBe('tool_calls');
    const [question] = call.toolCalls ?? [];
    expect(call.toolCalls).toHaveLength(1);
    expect(question?.function.name).toBe('question');
    expect(JSON.parse(question!.function.arguments)).toEqual({
      questions: [
        {
          question: 'Which colour?',
          header: 'Which colour?',
          options: [{ label: 'Red', description: '' }, { label: 'Blue', description: '' }],
        },
      ],
    });

    // OpenCode's wording of the tool's result, several labels joined by ", ".
    const result = 'User has answered your questions: "Which colour?"="Red, Blue". You can now continue with the user\'s answers in mind.';
    const asked = { id: 'call_9', function: question!.function };
    const done = await chat(url, [
      user(marker),
      { role: 'assistant', content: '', tool_calls: [asked] },
      { role: 'tool', tool_call_id: 'call_9', content: result },
    ]);
    expect(done.text).toBe('answered: Red, Blue');
  });

  it('finds each answer in a result to several questions', () => {
    const result = 'User has answered your questions: "A?"="x, y", "B "quoted"?"="Unanswered". You can now continue.';
    expect(answersIn(result, ['A?', 'B "quoted"?'])).toEqual(['x, y', 'Unanswered']);
    expect(answersIn('something else', ['A?'])).toBeUndefined();
  });

  it('streams in the chunks asked for, that far apart', async () => {
    const { url } = await start();
    const started = Date.now();
    const reply = await chat(url, [user('watch this [[stream:4x100]]')]);
    expect(reply.text).toBe('echo: watch this');
    expect(reply.chunks!.filter((chunk) => chunk.choices[0]?.delta.content)).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('answers title requests without consuming the script', async () => {
    const respond = () => ({ type: 'text' as const, text: 'overridden' });
    const { url, requests } = await start({ respond });
    const reply = await chat(url, [
      { role: 'system', content: 'You are a title generator. You output ONLY a thread title.' },
      user('Generate a title for this conversation:\n'),
      user('fix the [[tool:bash ls]] build please now thanks a lot'),
    ]);
    expect(reply.text).toBe('Title: fix the build please now thanks');
    expect(requests[0]?.purpose).toBe('title');
  });

  it('fails with 400 by default and with any status asked for', async () => {
    const { url } = await start();
    expect(await chat(url, [user('[[fail]]')])).toMatchObject({ status: 400, json: { error: { message: 'scripted failure' } } });
    expect((await chat(url, [user('[[fail:503]]')])).status).toBe(503);
  });

  it('streams slowly when asked', async () => {
    const { url } = await start();
    const started = Date.now();
    const reply = await chat(url, [user('wait [[slow:600]]')]);
    expect(reply.text).toBe('echo: wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('sends hostile markdown for [[xss]]', async () => {
    const { url } = await start();
    expect((await chat(url, [user('[[xss]]')])).text).toBe(XSS_REPLY);
  });

  it('lets the test override a chat reply, and answers non-streaming requests', async () => {
    const { url } = await start({ respond: (request) => (request.messages.length > 1 ? { type: 'text', text: 'custom' } : undefined) });
    expect((await chat(url, [user('a'), user('b')])).text).toBe('custom');
    expect(await chat(url, [user('plain')], false)).toMatchObject({
      status: 200,
      json: { object: 'chat.completion', choices: [{ message: { content: 'echo: plain' }, finish_reason: 'stop' }] },
    });
  });
});

describe('the todowrite and write markers', () => {
  it('writes a todo list with OpenCode\'s todowrite tool, priority medium unless given, then reports the result', async () => {
    const { url } = await start();
    const marker = 'plan it [[todo:in_progress/high Write the tests|pending Ship it]]';
    const call = await chat(url, [user(marker)]);
    expect(call.finish).toBe('tool_calls');
    expect(call.toolCalls?.map((toolCall) => ({ name: toolCall.function.name, input: JSON.parse(toolCall.function.arguments) as unknown }))).toEqual([
      {
        name: 'todowrite',
        input: {
          todos: [
            { content: 'Write the tests', status: 'in_progress', priority: 'high' },
            { content: 'Ship it', status: 'pending', priority: 'medium' },
          ],
        },
      },
    ]);

    const done = await chat(url, [
      user(marker),
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { name: 'todowrite', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '[{"content":"Write the tests"}]' },
    ]);
    expect(done.text).toBe('tool done: [{"content":"Write the tests"}]');
  });

  it('writes a file with OpenCode\'s write tool, \\n in the content a line break', async () => {
    const { url } = await start();
    const call = await chat(url, [user('save it [[write:notes/todo.txt first line\\nsecond line]]')]);
    expect(call.finish).toBe('tool_calls');
    expect(call.toolCalls).toEqual([
      expect.objectContaining({ function: { name: 'write', arguments: JSON.stringify({ filePath: 'notes/todo.txt', content: 'first line\nsecond line' }) } }),
    ]);
  });

  it('leaves the title of a session without its markers', async () => {
    const { url } = await start();
    const title = await chat(url, [
      { role: 'system', content: 'You are a title generator.' },
      user('save it [[write:a.txt hello]]'),
    ]);
    expect(title.text).toBe('Title: save it');
  });
});
