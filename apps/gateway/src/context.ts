import type { OpencodePort } from '@otto/opencode';
import type { Store } from '@otto/store';
import type { YogaInitialContext } from 'graphql-yoga';
import type { MessageArchive } from './archive/message-archive.service.js';
import type { AttachmentService } from './attachments/attachment.service.js';
import type { AuditRecord } from './audit/audit-record.js';
import type { AuditService } from './audit/audit.service.js';
import type { Caller } from './auth/caller.js';
import type { PendingAnswer } from './cache/response-cache.plugin.js';
import type { MessageService } from './messages/message.service.js';
import type { ModelService } from './models/model.service.js';
import type { OperatorService } from './operators/operator.service.js';
import type { QuestionService } from './questions/question.service.js';
import type { LiveService } from './live/live.service.js';
import type { LogService } from './logs/logs.service.js';
import type { RequestTiming } from './metrics/graphql-metrics.plugin.js';
import type { GatewayMetrics } from './metrics/metrics.js';
import type { RequestStats } from './metrics/request-stats.js';
import type { SendService } from './messages/send.service.js';
import type { PermissionService } from './permissions/permission.service.js';
import type { PinService } from './pins/pin.service.js';
import type { ExportService } from './export/export.service.js';
import type { ProviderService } from './providers/provider.service.js';
import type { HealthMonitor } from './system/health.service.js';
import type { MirrorSet } from './servers/mirror-set.js';
import type { SearchService } from './search/search.service.js';
import type { ServerSet } from './servers/server-set.js';
import type { SupervisorService } from './system/supervisor.service.js';
import type { ThreadService } from './threads/thread.service.js';
import type { TodoService } from './todos/todo.service.js';
import type { ChangeService } from './changes/change.service.js';
import type { TunnelService } from './tunnel/tunnel.service.js';

/** Everything a resolver reaches: built once per gateway, shared by every request. */
export interface GatewayServices {
  version: string;
  /** Which gateway process this is, for debugging behind a load balancer. */
  instance: { instanceId: string; startedAt: number };
  store: Store;
  /** Routes each call about a thread to the OpenCode server that holds it. */
  opencode: OpencodePort;
  /** Every OpenCode server behind the gateway, each with its own mirror and health probe. */
  servers: ServerSet;
  /** The servers' mirrors read as one. */
  mirror: MirrorSet;
  /** The default (first) server's health. */
  health: HealthMonitor;
  threads: ThreadService;
  messages: MessageService;
  sender: SendService;
  /** Checks and reads the files sent with a message. */
  attachments: AttachmentService;
  permissions: PermissionService;
  audit: AuditService;
  operators: OperatorService;
  questions: QuestionService;
  live: LiveService;
  logs: LogService;
  metrics: GatewayMetrics;
  /** The System page's request rate and p95, from the metrics' histogram. */
  requestStats: RequestStats;
  supervisor: SupervisorService;
  providers: ProviderService;
  /** OpenCode's models and agents, briefly cached; what a send may name. */
  models: ModelService;
  tunnel: TunnelService;
  /** Each thread's todo list, kept current by OpenCode's events. */
  todos: TodoService;
  /** The files a thread changed; revert and unrevert. */
  changes: ChangeService;
  /** The text of bound threads' messages, kept as they complete (OTTO_ARCHIVE). */
  archive: MessageArchive;
  /** searchMessages, over the archive. */
  search: SearchService;
  /** Each operator's pinned threads (the dashboard). */
  pins: PinService;
  /** A thread as a Markdown or JSON document. */
  exports: ExportService;
}

/**
 * What the plugins put on the request's server context as it passes through them (Yoga builds the
 * GraphQL context on top of it): the audit record from the first plugin, the caller from auth.
 */
export interface RequestScope {
  audit?: AuditRecord;
  caller?: Caller;
  /** For the request metrics, from the first plugin. */
  requestTiming?: RequestTiming;
  /** Set when the answer is a subscription's event stream; settles when that stream ends. */
  streamEnded?: Promise<void>;
  /** Set when the answer may come from, or go to, the response cache. */
  responseCache?: PendingAnswer;
}

export interface GatewayContext extends YogaInitialContext, RequestScope {
  services: GatewayServices;
  audit: AuditRecord;
}
