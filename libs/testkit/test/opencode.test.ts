import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createOpencodeClient, type OpencodeClient, type Part, type ToolPart } from '@opencode-ai/sdk/v2';
import { newMessageId } from '@otto/opencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, startOpencode, textOf, type ModelServer, type OpencodeInstance } from '../src/index.js';

// One model server and one real OpenCode for the whole file: starting OpenCode costs ~2.5 s.
let model: ModelServer;
let opencode: OpencodeInstance;
let client: OpencodeClient;

beforeAll(async () => {
  model = await startModelServer();
  opencode = await startOpencode({ modelUrl: model.url, permission: 'ask' });
  client = createOpencodeClient({ baseUrl: opencode.url, headers: { authorization: opencode.authHeader } });
});

afterAll(async () => {
  await opencode?.dispose();
  await model?.close();
});

const texts = (parts: Part[] | undefined) =>
  (parts ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : []));

const toolParts = (parts: Part[]) => parts.filter((part): part is ToolPart => part.type === 'tool');

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function newSession(): Promise<string> {
  const { data } = await client.session.create({});
  return data!.id;
}

async function pendingPermission(sessionID: string) {
  return waitFor(async () => {
    const { data } = await client.permission.list();
    return data?.find((request) => request.sessionID === sessionID);
  }, 'a permission request');
}

async function raw(method: string, path: string, body?: unknown) {
  const response = await fetch(`${opencode.url}${path}`, {
    method,
    headers: { authorization: opencode.authHeader, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('real OpenCode against the scripted model', () => {
  it('rejects requests without basic auth', async () => {
    const anonymous = await fetch(`${opencode.url}/session`, { signal: AbortSignal.timeout(5_000) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const sdk = createOpencodeClient({ baseUrl: opencode.url });
    expect((await sdk.session.list()).response.status).toBe(401);
  });

  it('answers a prompt with the scripted echo and titles the session', async () => {
    const sessionID = await newSession();
    const { data: reply } = await client.session.prompt({ sessionID, parts: [{ type: 'text', text: 'hello' }] });
    expect(reply?.info).toMatchObject({ role: 'assistant', finish: 'stop', providerID: 'scripted', modelID: 'scripted-model' });
    expect(texts(reply?.parts)).toEqual(['echo: hello']);
    expect(reply?.parts.map((part) => part.type)).toEqual(['step-start', 'text', 'step-finish']);

    const title = await waitFor(async () => {
      const { data } = await client.session.get({ sessionID });
      return data?.title.startsWith('New session - ') ? undefined : data?.title;
    }, 'the generated title');
    expect(title).toBe('Title: hello');
    expect(model.requests.filter((request) => request.sessionId === sessionID).map((r) => r.purpose).sort())
      .toEqual(['chat', 'title']);
  });

  it('keeps a title given at creation', async () => {
    const { data: session } = await client.session.create({ title: 'chosen by the operator' });
    await client.session.prompt({ sessionID: session!.id, parts: [{ type: 'text', text: 'hi' }] });
    expect((await client.session.get({ sessionID: session!.id })).data?.title).toBe('chosen by the operator');
    expect(model.requests.some((r) => r.sessionId === session!.id && r.purpose === 'title')).toBe(false);
  });

  it('accepts a client-chosen messageID, and does not deduplicate a repeated one', async () => {
    const sessionID = await newSession();
    const messageID = newMessageId();
    const first = await client.session.prompt({ sessionID, messageID, parts: [{ type: 'text', text: 'mine' }] });
    expect(first.data?.info).toMatchObject({ role: 'assistant', parentID: messageID });
    expect(texts(first.data?.parts)).toEqual(['echo: mine']);

    // Not rejected: the parts are appended to the existing message.
    const again = await client.session.prompt({ sessionID, messageID, parts: [{ type: 'text', text: 'mine again' }] });
    expect(again.response.status).toBe(200);
    const { data: messages } = await client.session.messages({ sessionID });
    const users = messages!.filter((message) => message.info.role === 'user');
    expect(users.map((message) => message.info.id)).toEqual([messageID]);
    expect(texts(users[0]!.parts)).toEqual(['mine', 'mine again']);

    const invalid = await raw('POST', `/session/${sessionID}/message`, { messageID: 'abc', parts: [{ type: 'text', text: 'x' }] });
    expect(invalid).toMatchObject({ status: 400, body: { name: 'BadRequest' } });
  });

  it('waits for a bash permission, and runs the command once allowed', async () => {
    const sessionID = await newSession();
    const prompt = client.session.prompt({ sessionID, parts: [{ type: 'text', text: 'please [[tool:bash echo hi]]' }] });
    const request = await pendingPermission(sessionID);
    expect(request).toMatchObject({ permission: 'bash', patterns: ['echo hi'], metadata: { command: 'echo hi' } });
    expect(request.tool?.callID).toBeTruthy();
    expect((await client.session.status()).data?.[sessionID]).toEqual({ type: 'busy' });
    const { data: waiting } = await client.session.messages({ sessionID });
    expect(toolParts(waiting!.at(-1)!.parts)[0]?.state).toMatchObject({ status: 'running', input: { command: 'echo hi' } });

    const replied = await client.permission.reply({ requestID: request.id, reply: 'once' });
    expect(replied.data).toBe(true);
    const { data: reply } = await prompt;
    expect(texts(reply?.parts)).toEqual(['tool done: hi']);

    const { data: messages } = await client.session.messages({ sessionID });
    const [toolTurn, finalTurn] = messages!.filter((message) => message.info.role === 'assistant');
    expect(toolTurn?.info).toMatchObject({ finish: 'tool-calls' });
    expect(toolParts(toolTurn!.parts)[0]).toMatchObject({
      tool: 'bash',
      callID: request.tool?.callID,
      state: { status: 'completed', input: { command: 'echo hi' }, output: 'hi\n', metadata: { exit: 0 } },
    });
    expect(finalTurn?.info).toMatchObject({ finish: 'stop' });
    expect((await client.permission.list()).data?.some((r) => r.id === request.id)).toBe(false);
  });

  it('ends the turn without running the command when the permission is rejected', async () => {
    const sessionID = await newSession();
    const marker = join(opencode.workspace, 'rejected.txt');
    const prompt = client.session.prompt({ sessionID, parts: [{ type: 'text', text: `[[tool:bash touch ${marker}]]` }] });
    const request = await pendingPermission(sessionID);
    await client.permission.reply({ requestID: request.id, reply: 'reject' });
    const { data: reply } = await prompt;

    expect(reply?.info).toMatchObject({ finish: 'tool-calls' });
    expect(toolParts(reply!.parts)[0]?.state).toMatchObject({
      status: 'error',
      error: 'The user rejected permission to use this specific tool call.',
    });
    expect(existsSync(marker)).toBe(false);
    const { data: messages } = await client.session.messages({ sessionID });
    expect(messages!.flatMap((message) => texts(message.parts)).some((text) => text.startsWith('tool done'))).toBe(false);

    const late = await client.permission.reply({ requestID: request.id, reply: 'once' });
    expect(late.response.status).toBe(404);
  });

  it('asks the operator with the question tool: the answer goes back to the model, a dismissal ends the turn', async () => {
    const sessionID = await newSession();
    const prompt = client.session.prompt({ sessionID, parts: [{ type: 'text', text: '[[question:Which colours?|Red|Blue|Green]]' }] });
    const asked = await waitFor(async () => (await client.question.list()).data?.find((q) => q.sessionID === sessionID), 'a question');
    expect(asked.questions).toEqual([
      {
        question: 'Which colours?',
        header: 'Which colours?',
        options: ['Red', 'Blue', 'Green'].map((label) => ({ label, description: '' })),
      },
    ]);
    expect((await client.question.reply({ requestID: asked.id, answers: [['Red', 'Green']] })).data).toBe(true);
    const { data: reply } = await prompt;
    expect(texts(reply?.parts)).toEqual(['answered: Red, Green']);
    const result = model.requests.findLast((request) => request.sessionId === sessionID && request.purpose === 'chat');
    expect(textOf(result?.body.messages.at(-1)?.content)).toBe(
      'User has answered your questions: "Which colours?"="Red, Green". You can now continue with the user\'s answers in mind.',
    );

    const dismissed = client.session.prompt({ sessionID, parts: [{ type: 'text', text: '[[question:Go on?|Yes]]' }] });
    const second = await waitFor(async () => (await client.question.list()).data?.find((q) => q.sessionID === sessionID), 'a second question');
    const chats = model.requests.length;
    await client.question.reject({ requestID: second.id });
    const { data: ended } = await dismissed;
    expect(ended?.info).toMatchObject({ finish: 'tool-calls' });
    expect(toolParts(ended!.parts)[0]).toMatchObject({ tool: 'question', state: { status: 'error', error: 'The user dismissed this question' } });
    expect(model.requests.slice(chats).filter((request) => request.purpose === 'chat')).toEqual([]);
  });

  it('runs prompt_async in the background, shows it busy, and aborts it', async () => {
    const sessionID = await newSession();
    const started = Date.now();
    const accepted = await client.session.promptAsync({ sessionID, parts: [{ type: 'text', text: 'take it slow [[slow:3000]]' }] });
    expect(accepted.response.status).toBe(204);
    expect(Date.now() - started).toBeLessThan(2_000);

    await waitFor(async () => ((await client.session.status()).data?.[sessionID]?.type === 'busy' ? true : undefined), 'busy');
    expect((await client.session.abort({ sessionID })).data).toBe(true);
    await waitFor(async () => ((await client.session.status()).data?.[sessionID] ? undefined : true), 'idle');

    const { data: messages } = await client.session.messages({ sessionID });
    const assistant = messages!.at(-1)!;
    expect(assistant.info).toMatchObject({ role: 'assistant', error: { name: 'MessageAbortedError' } });
    expect(texts(assistant.parts).join('')).not.toBe('echo: take it slow');
  });

  it('records a model failure as the assistant message error', async () => {
    const sessionID = await newSession();
    const { data: reply } = await client.session.prompt({ sessionID, parts: [{ type: 'text', text: 'break [[fail]]' }] });
    expect(reply?.info).toMatchObject({
      role: 'assistant',
      error: { name: 'APIError', data: { statusCode: 400, isRetryable: false, message: 'scripted failure' } },
    });
    expect(reply?.parts).toEqual([]);
  });

  it('answers unknown ids with coded errors', async () => {
    const unknown = 'ses_0000000000000000000000000';
    const notFound = { status: 404, body: { name: 'NotFoundError', data: { message: `Session not found: ${unknown}` } } };
    expect(await raw('GET', `/session/${unknown}`)).toEqual(notFound);
    expect(await raw('GET', `/session/${unknown}/message`)).toEqual(notFound);
    expect(await raw('POST', `/session/${unknown}/message`, { parts: [{ type: 'text', text: 'x' }] })).toEqual(notFound);
    expect(await raw('POST', `/session/${unknown}/prompt_async`, { parts: [{ type: 'text', text: 'x' }] })).toEqual(notFound);
    // Not a 404: aborting an unknown session "succeeds", and an id without the ses prefix is a server error.
    expect(await raw('POST', `/session/${unknown}/abort`)).toEqual({ status: 200, body: true });
    expect(await raw('GET', '/session/not-a-session-id')).toMatchObject({ status: 500, body: { name: 'UnknownError' } });

    const permission = 'per_0000000000000000000000000';
    expect(await raw('POST', `/permission/${permission}/reply`, { reply: 'once' })).toEqual({
      status: 404,
      body: { _tag: 'PermissionNotFoundError', requestID: permission, message: `Permission request not found: ${permission}` },
    });
    expect(await raw('POST', '/permission/not-a-permission-id/reply', { reply: 'once' })).toMatchObject({
      status: 400,
      body: { name: 'BadRequest' },
    });
  });

  it('lists sessions newest first, with limit and a case-insensitive title search', async () => {
    const stamp = Date.now().toString(36);
    for (const n of [1, 2, 3]) await client.session.create({ title: `Listing ${stamp} number ${n}` });
    const newest = (await client.session.list({ limit: 1 })).data!;
    expect(newest.map((s) => s.title)).toEqual([`Listing ${stamp} number 3`]);
    const found = (await client.session.list({ search: `LISTING ${stamp.toUpperCase()}` })).data!;
    expect(found.map((s) => s.title)).toEqual([3, 2, 1].map((n) => `Listing ${stamp} number ${n}`));
    expect((await client.session.list({ search: newest[0]!.id })).data).toEqual([]);
  });

  it('refuses connections while stopped and comes back on the same URL with the same sessions', async () => {
    const sessionID = await newSession();
    await client.session.prompt({ sessionID, parts: [{ type: 'text', text: 'before restart' }] });
    const url = opencode.url;

    await opencode.stop();
    const started = Date.now();
    await expect(fetch(`${url}/global/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    await opencode.restart();
    expect(opencode.url).toBe(url);
    expect((await client.global.health()).data).toMatchObject({ healthy: true });
    expect((await client.session.list()).data?.some((session) => session.id === sessionID)).toBe(true);
    const { data: messages } = await client.session.messages({ sessionID });
    expect(messages!.flatMap((message) => texts(message.parts))).toEqual(['before restart', 'echo: before restart']);
  });
});
