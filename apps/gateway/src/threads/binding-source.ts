/** Who binds a session to Otto: the BindingSource enum, declared once. */
export const BINDING_SOURCES = ['api', 'console', 'scheduler', 'telegram'] as const;
export type BindingSource = (typeof BINDING_SOURCES)[number];

/** Rows bound before sources were a closed list may hold another word; they read as `api`. */
export function bindingSourceOf(stored: string): BindingSource {
  return (BINDING_SOURCES as readonly string[]).includes(stored) ? (stored as BindingSource) : 'api';
}
