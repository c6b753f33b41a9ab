import { z } from 'zod';
import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { pageSize } from '../rules.js';
import { LogLevelEnum, LogLineRef } from './logs.types.js';
import { positionOfCursor } from './logs.service.js';

const forwardOnly = z.null('this list pages forward only: use first and after').optional();
const logCursor = z
  .string()
  .max(100, 'is not a cursor this API returned')
  .refine((cursor) => positionOfCursor(cursor) !== undefined, 'is not a cursor this API returned');

builder.queryField('logs', (t) =>
  t.connection(
    {
      type: LogLineRef,
      authScopes: { admin: true },
      description: `The gateway's log lines (OpenCode's included), newest first, across the current file and the kept ones. first ≤ ${LIMITS.logsPageMax}. totalCount reads every file: ask for it only when needed.`,
      args: {
        level: t.arg({ type: LogLevelEnum, description: 'The least level shown.' }),
        source: t.arg.string({ description: 'gateway or opencode; unset → both.', validate: z.string().max(50, 'must be at most 50 characters') }),
        search: t.arg.string({
          description: 'Matches the message or the fields, case-insensitively.',
          validate: z.string().max(LIMITS.searchMaxChars, `must be at most ${LIMITS.searchMaxChars} characters`),
        }),
        since: t.arg({ type: 'DateTime', description: 'Lines at or after this instant.' }),
        until: t.arg({ type: 'DateTime', description: 'Lines at or before this instant.' }),
      },
      validate: z.looseObject({
        first: pageSize(LIMITS.logsPageMax).nullish(),
        after: logCursor.nullish(),
        last: forwardOnly,
        before: forwardOnly,
      }),
      resolve: (_root, args, ctx) =>
        ctx.services.logs.page(args, {
          level: args.level ?? undefined,
          source: args.source ?? undefined,
          search: args.search || undefined,
          since: args.since ?? undefined,
          until: args.until ?? undefined,
        }),
    },
    { name: 'LogConnection' },
    { name: 'LogEdge' },
  ),
);
