import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { SEARCH_MAX_TERMS, searchTerms } from '@otto/store';
import { z } from 'zod';
import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { offsetCursor, pageSize } from '../rules.js';
import { SystemRef } from '../system/system.types.js';
import { MessageHitRef } from './search.types.js';

const forwardOnly = z.null('this list pages forward only: use first and after').optional();
// Only the words count (everything else separates them), so no input can be read as search syntax.
const query = z
  .string()
  .max(LIMITS.searchMaxChars, `must be at most ${LIMITS.searchMaxChars} characters`)
  .refine((text) => searchTerms(text).length > 0, 'must contain a word to search for')
  .refine((text) => searchTerms(text).length <= SEARCH_MAX_TERMS, `must have at most ${SEARCH_MAX_TERMS} words`);

builder.queryField('searchMessages', (t) =>
  t.connection(
    {
      type: MessageHitRef,
      authScopes: { viewer: true },
      description: `Archived messages of bound threads holding every word of the query (the last also as the start of a word), best first. first ≤ ${LIMITS.searchPageMax}. Nothing while the archive is off (OTTO_ARCHIVE=off).`,
      args: { query: t.arg.string({ required: true, validate: query }) },
      validate: z.looseObject({
        first: pageSize(LIMITS.searchPageMax).nullish(),
        after: offsetCursor.nullish(),
        last: forwardOnly,
        before: forwardOnly,
      }),
      resolve: async (_root, args, ctx) => {
        const connection = await resolveOffsetConnection(
          { args, defaultSize: LIMITS.searchPageDefault, maxSize: LIMITS.searchPageMax },
          ({ limit, offset }) => ctx.services.search.hits(args.query, { limit, offset }),
        );
        let counted: Promise<number> | undefined;
        // Counting every match costs a second pass over the index: only when a client asks.
        return Object.defineProperty(connection, 'totalCount', { get: () => (counted ??= ctx.services.search.count(args.query)), enumerable: true }) as typeof connection & {
          totalCount: Promise<number>;
        };
      },
    },
    { name: 'MessageHitConnection' },
    { name: 'MessageHitEdge' },
  ),
);

builder.objectField(SystemRef, 'messageArchive', (t) =>
  t.boolean({
    description: 'Whether the text of bound threads’ messages is archived, so searchMessages finds it and a STALE thread keeps its history (OTTO_ARCHIVE).',
    resolve: (_system, _args, ctx) => ctx.services.archive.enabled,
  }),
);
