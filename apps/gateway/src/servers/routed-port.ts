import type { OpencodePort } from '@otto/opencode';
import type { ServerSet } from './server-set.js';

/**
 * One OpenCode port over several servers, for the code that asks about a thread (sends, messages,
 * permissions, questions): a call about a session, or a request pending on one, goes to the server that
 * holds it; a list is every server's. Health, providers and the event stream are the default server's:
 * each server's own mirror and probe use that server's port directly.
 */
export function routedPort(servers: ServerSet): OpencodePort {
  const first = () => servers.first.port;
  const of = (sessionId: string) => servers.of(sessionId).port;
  const holding = (requestId: string) => (servers.all.find((server) => server.mirror.hasRequest(requestId)) ?? servers.first).port;
  return {
    health: (options) => first().health(options),
    listSessions: () => everyServer(servers, (port) => port.listSessions(), (lists) => lists.flat()),
    getSession: (sessionId, options) => of(sessionId).getSession(sessionId, options),
    createSession: (input) => first().createSession(input),
    deleteSession: (sessionId) => of(sessionId).deleteSession(sessionId),
    sessionStatus: (options) => everyServer(servers, (port) => port.sessionStatus(options), (all) => Object.assign({}, ...all)),
    messages: (sessionId, page, options) => of(sessionId).messages(sessionId, page, options),
    message: (sessionId, messageId, options) => of(sessionId).message(sessionId, messageId, options),
    promptAsync: (input, options) => of(input.sessionId).promptAsync(input, options),
    abort: (sessionId) => of(sessionId).abort(sessionId),
    listPermissions: () => everyServer(servers, (port) => port.listPermissions(), (lists) => lists.flat()),
    replyPermission: (permissionId, reply) => holding(permissionId).replyPermission(permissionId, reply),
    listQuestions: (options) => everyServer(servers, (port) => port.listQuestions(options), (lists) => lists.flat()),
    replyQuestion: (questionId, answers) => holding(questionId).replyQuestion(questionId, answers),
    rejectQuestion: (questionId) => holding(questionId).rejectQuestion(questionId),
    listProviders: (options) => first().listProviders(options),
    setProviderKey: (providerId, key) => first().setProviderKey(providerId, key),
    removeProviderKey: (providerId) => first().removeProviderKey(providerId),
    reload: () => first().reload(),
    streamEvents: (onEvent, signal, options) => first().streamEvents(onEvent, signal, options),
    todos: (sessionId, options) => of(sessionId).todos(sessionId, options),
    revert: (sessionId, messageId) => of(sessionId).revert(sessionId, messageId),
    unrevert: (sessionId) => of(sessionId).unrevert(sessionId),
    listModels: (options) => first().listModels(options),
    listAgents: (options) => first().listAgents(options),
    defaultModel: (options) => first().defaultModel(options),
  };
}

/** Asks every server; one that does not answer has nothing to add, unless none answers. */
async function everyServer<T, R>(servers: ServerSet, ask: (port: OpencodePort) => Promise<T>, join: (answers: T[]) => R): Promise<R> {
  const answers = await Promise.allSettled(servers.all.map((server) => ask(server.port)));
  const answered = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
  if (answered.length === 0) throw (answers[0] as PromiseRejectedResult).reason;
  return join(answered);
}
