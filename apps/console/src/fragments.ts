import { graphql } from './gql';

// Fragments for codegen: every document that spreads them gets their definitions compiled in.

// Shared by the list, the thread view and the mutations that return a thread, so that the document
// cache sees one shape of a thread everywhere.
graphql(`
  fragment ThreadSummary on Thread {
    id
    title
    state
    activity
    updatedAt
    server
    pinned
    binding {
      key
      source
      lastSeenAt
    }
  }
`);

// What the thread view shows of a thread besides its messages; the live stream sends the same.
graphql(`
  fragment ThreadDetail on Thread {
    ...ThreadSummary
    todos {
      content
      status
      priority
    }
    revert {
      messageId
    }
    usage {
      cost
      tokens {
        input
        output
      }
    }
  }
`);

graphql(`
  fragment PermissionFields on PermissionRequest {
    id
    permission
    patterns
  }
`);

graphql(`
  fragment QuestionFields on QuestionRequest {
    id
    threadId
    messageId
    toolCallId
    questions {
      header
      question
      multiple
      custom
      options {
        label
        description
      }
    }
  }
`);

graphql(`
  fragment MessageFields on Message {
    id
    role
    status
    text
    createdAt
    agent
    model {
      providerId
      modelId
    }
    cost
    tokens {
      input
      output
    }
    error {
      name
      message
    }
    parts {
      __typename
      ... on TextPart {
        id
        text
      }
      ... on ReasoningPart {
        id
        text
      }
      ... on ToolPart {
        id
        callId
        name
        status
        title
        input
        output
        error
      }
      ... on PatchPart {
        id
        hash
        files
      }
      ... on FilePart {
        id
        filename
        mime
        url
      }
      ... on StepPart {
        id
        phase
      }
    }
  }
`);

graphql(`
  fragment OperatorFields on Operator {
    id
    name
    role
    disabled
    createdAt
    lastSignInAt
  }
`);

graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    role
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
    operator {
      id
      name
    }
  }
`);

graphql(`
  fragment ConsoleSessionFields on ConsoleSession {
    id
    userAgent
    clientAddress
    createdAt
    lastSeenAt
    current
  }
`);
