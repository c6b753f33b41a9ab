import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout's root: the image's build context, and the app root the entrypoint test runs. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ENTRYPOINT = `${REPO_ROOT}docker/entrypoint.sh`;

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  /** `FROM <base> [AS <name>]` */
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile's stages, continuation lines joined and comments (also those inside a continuation) dropped. */
export function readDockerfile(path = `${REPO_ROOT}Dockerfile`): Stage[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of lines) {
    pending += line.trim();
    if (pending.endsWith('\\')) {
      pending = `${pending.slice(0, -1).trimEnd()} `;
      continue;
    }
    const match = /^(\w+)\s+(.*)$/.exec(pending);
    if (match?.[1] && match[2] !== undefined) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] });
    pending = '';
  }
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base = '', , name] = instruction.args.split(/\s+/);
      stages.push({ base, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `ENV a=1 b=2` and `ARG a=1` as name → value (undefined for an ARG without a default). */
export function assignments(instructions: Instruction[], keyword: 'ENV' | 'ARG'): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const { args } of instructions.filter((instruction) => instruction.keyword === keyword)) {
    for (const [, name, value] of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|\S*))?/g)) {
      if (name) found.set(name, value?.replace(/^"(.*)"$/, '$1'));
    }
  }
  return found;
}

/** The environment the image's run stage sets for the entrypoint. */
export function imageEnv(): Record<string, string> {
  const run = readDockerfile().at(-1);
  return Object.fromEntries([...assignments(run?.instructions ?? [], 'ENV')].map(([name, value]) => [name, value ?? '']));
}
