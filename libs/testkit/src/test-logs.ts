import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Set by the test run's global setup (vitest.config.ts): the one folder every gateway the tests
 * start writes its log files under, searched for secrets when the run ends.
 */
export const TEST_LOG_ROOT_ENV = 'OTTO_TEST_LOG_ROOT';

/** The secrets tests registered, one JSON string a line; the only file under the root not searched. */
const SECRETS_FILE = '.secrets.ndjson';

/** Text that only ever appears in what the tests send or hold, whatever test it comes from. */
export const SECRET_PATTERNS: readonly RegExp[] = [
  // The scripted model's markers ([[slow:2000]], [[tool:bash ls]], …) are in message texts only.
  /\[\[(?:slow|stream|tool|question|fail|xss)\b[^\]]*\]\]/,
  // API tokens, session cookies' values are never logged; neither are basic-auth headers or password hashes.
  /\botto_[A-Za-z0-9_-]{20,}/,
  /Basic [A-Za-z0-9+/]{16,}={0,2}/,
  /\$argon2id\$/,
];

// Shorter strings would turn up by chance.
const MIN_SECRET_LENGTH = 8;

function root(): string {
  return process.env[TEST_LOG_ROOT_ENV] ?? join(tmpdir(), 'otto-test-logs', 'outside-a-checked-run');
}

/** A fresh folder for one gateway's log files, under the run's root. */
export function testLogDir(label: string): string {
  mkdirSync(root(), { recursive: true });
  return mkdtempSync(join(root(), `${label}-`));
}

/** Secrets a test uses (tokens, passwords, message texts): the run fails if any is in a log file. */
export function rememberSecrets(...secrets: Array<string | undefined>): void {
  const lines = secrets.filter((secret): secret is string => !!secret && secret.length >= MIN_SECRET_LENGTH).map((secret) => `${JSON.stringify(secret)}\n`);
  if (!lines.length) return;
  mkdirSync(root(), { recursive: true });
  appendFileSync(join(root(), SECRETS_FILE), lines.join(''));
}

export interface SecretFound {
  file: string;
  /** The secret's first characters, or the pattern that matched. */
  what: string;
}

/** Every log file under `logRoot` that holds a remembered secret or matches a secret pattern. */
export function findSecretsInLogs(logRoot: string): SecretFound[] {
  const secretsPath = join(logRoot, SECRETS_FILE);
  const secrets = existsSync(secretsPath)
    ? [...new Set(readFileSync(secretsPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string))]
    : [];
  const found: SecretFound[] = [];
  for (const file of filesUnder(logRoot)) {
    if (file === secretsPath) continue;
    const text = readFileSync(file, 'utf8');
    for (const secret of secrets) if (text.includes(secret)) found.push({ file, what: `${secret.slice(0, 6)}… (${secret.length} characters)` });
    for (const pattern of SECRET_PATTERNS) if (pattern.test(text)) found.push({ file, what: String(pattern) });
  }
  return found;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}
