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
  searchMaxChars: 200,
  // GraphiQL's introspection query counts 21 deep; no query of our own schema comes near.
  queryMaxDepth: 24,
  queryMaxAliases: 15,
  queryMaxTokens: 2_000,
  queryMaxCost: 5_000,
} as const;
