const MAX_SUMMARY = 120;

// The argument that says what a call does, for the tools agents use most (bash, read, edit, grep, fetch…).
const TELLING_KEYS = ['command', 'filePath', 'path', 'pattern', 'url', 'query', 'description', 'prompt'];

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

/** One line saying what a tool call was asked to do. */
export function summarizeToolInput(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input !== 'object') return truncate(String(input));
  const record = input as Record<string, unknown>;
  const telling = TELLING_KEYS.map((key) => record[key]).find((value) => typeof value === 'string');
  return truncate(typeof telling === 'string' ? telling : JSON.stringify(input));
}

export function formatToolInput(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input, null, 2);
}
