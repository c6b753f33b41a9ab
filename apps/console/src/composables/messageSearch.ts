import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { searchProblem } from '../search';
import { usePagedQuery } from './pagedQuery';

const SearchMessagesQuery = graphql(`
  query SearchMessages($query: String!, $first: Int!, $after: String) {
    searchMessages(query: $query, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        snippet
        highlights {
          start
          end
        }
        thread {
          id
          title
          state
        }
        message {
          id
          role
          createdAt
        }
      }
    }
  }
`);

const ArchiveStatusQuery = graphql(`
  query MessageArchiveStatus {
    system {
      messageArchive
    }
  }
`);

const PAGE_SIZE = 20;

/** Archived messages holding the words of `query()`, best first; nothing is asked while it has no word. */
export function useMessageSearch(query: () => string) {
  const paged = usePagedQuery({
    query: SearchMessagesQuery,
    variables: () => ({ query: query(), first: PAGE_SIZE }),
    pause: () => searchProblem(query()) !== null,
    // Hits carry no id of their own: a message is found once.
    page: (data) => ({ ...data.searchMessages, nodes: data.searchMessages.nodes.map((hit) => ({ ...hit, id: hit.message.id })) }),
  });
  const archive = useQuery({ query: ArchiveStatusQuery });
  /** False when OTTO_ARCHIVE=off: there is nothing to search. */
  const archiveOn = computed(() => archive.data.value?.system.messageArchive ?? true);
  return { ...paged, archiveOn };
}
