import { badInput } from '../errors.js';

/** Offset cursors over an ordered list, opaque to clients. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) throw badInput(`${field} is not a cursor this API returned`, field);
  return Number(match[1]);
}

/** Where a page after `after` starts; checked before any work is done for the page. */
export function pageStart(after: string | null | undefined): number {
  return after ? decodeCursor(after) + 1 : 0;
}

/** A relay connection page of `items` from `start`, with `totalCount` over the whole list. */
export function offsetPage<T>(items: readonly T[], first: number, start: number) {
  const slice = items.slice(start, start + first);
  return {
    totalCount: items.length,
    edges: slice.map((node, index) => ({ node, cursor: encodeCursor(start + index) })),
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? encodeCursor(start) : null,
      endCursor: slice.length ? encodeCursor(start + slice.length - 1) : null,
    },
  };
}
