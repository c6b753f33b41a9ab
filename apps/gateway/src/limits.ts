/** Documented input limits (README "Limits"); every mutation and paged field checks against these. */
export const LIMITS = {
  messageTextMaxChars: 32_000,
  titleMaxChars: 200,
  bindingKeyMaxChars: 200,
  threadsPageMax: 100,
  threadsPageDefault: 50,
  messagesPageMax: 100,
  messagesPageDefault: 30,
  auditPageMax: 200,
  auditPageDefault: 50,
  logsPageMax: 500,
  logsPageDefault: 100,
  searchMaxChars: 200,
  /** searchMessages' pages. */
  searchPageMax: 50,
  searchPageDefault: 20,
  /** Threads one operator may pin to their dashboard (session cards). */
  pinsPerOperatorMax: 10,
  /** An OpenCode server's name (OTTO_OPENCODE_SERVERS). */
  serverNameMaxChars: 32,
  // GraphiQL's introspection query counts 21 deep; no query of our own schema comes near.
  queryMaxDepth: 24,
  queryMaxAliases: 15,
  queryMaxTokens: 2_000,
  // The console's thread page at its largest (100 messages with every part kind) costs about 9,000.
  queryMaxCost: 12_000,
} as const;

/** The lists that page, by `Type.field`, with their default and largest page: the cost rule multiplies by these. */
export const PAGED_FIELDS: Record<string, { default: number; max: number }> = {
  'Query.threads': { default: LIMITS.threadsPageDefault, max: LIMITS.threadsPageMax },
  'Thread.messages': { default: LIMITS.messagesPageDefault, max: LIMITS.messagesPageMax },
  'Query.auditEvents': { default: LIMITS.auditPageDefault, max: LIMITS.auditPageMax },
  'Query.logs': { default: LIMITS.logsPageDefault, max: LIMITS.logsPageMax },
  // Not paged, but as many as an operator may pin: what each pinned thread selects counts that often.
  'Query.pinnedThreads': { default: LIMITS.pinsPerOperatorMax, max: LIMITS.pinsPerOperatorMax },
  'Query.searchMessages': { default: LIMITS.searchPageDefault, max: LIMITS.searchPageMax },
};
