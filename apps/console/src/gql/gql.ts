/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation AbortThread($id: ID!) {\n    abortThread(id: $id) {\n      ...ThreadSummary\n    }\n  }\n": typeof types.AbortThreadDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query UploadLimits {\n    system {\n      uploads {\n        maxFileBytes\n        maxFiles\n        types\n      }\n    }\n  }\n": typeof types.UploadLimitsDocument,
    "\n  query AuditEvents($first: Int!, $after: String, $threadId: ID, $action: AuditAction, $actor: String) {\n    auditEvents(first: $first, after: $after, threadId: $threadId, action: $action, actor: $actor) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        at\n        actor\n        actions\n        operationName\n        threadId\n        outcome\n        errorCode\n        durationMs\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query ConsoleSessions {\n    consoleSessions {\n      ...ConsoleSessionFields\n    }\n  }\n": typeof types.ConsoleSessionsDocument,
    "\n  mutation RevokeConsoleSession($id: ID!) {\n    revokeConsoleSession(id: $id) {\n      id\n    }\n  }\n": typeof types.RevokeConsoleSessionDocument,
    "\n  mutation CreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) {\n      ...ThreadSummary\n    }\n  }\n": typeof types.CreateThreadDocument,
    "\n  query Logs($first: Int!, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {\n    logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          at\n          level\n          source\n          message\n          fields\n        }\n      }\n    }\n  }\n": typeof types.LogsDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  query SearchMessages($query: String!, $first: Int!, $after: String) {\n    searchMessages(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        snippet\n        highlights {\n          start\n          end\n        }\n        thread {\n          id\n          title\n          state\n        }\n        message {\n          id\n          role\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
    "\n  query MessageArchiveStatus {\n    system {\n      messageArchive\n    }\n  }\n": typeof types.MessageArchiveStatusDocument,
    "\n  query ModelsAndAgents {\n    system {\n      models {\n        id\n        name\n        label\n        providerId\n        contextWindow\n        inputCostPerMTok\n        outputCostPerMTok\n        inputs\n      }\n      agents {\n        name\n        description\n        mode\n      }\n    }\n  }\n": typeof types.ModelsAndAgentsDocument,
    "\n  query Operators {\n    operators {\n      ...OperatorFields\n    }\n  }\n": typeof types.OperatorsDocument,
    "\n  mutation CreateOperator($input: CreateOperatorInput!) {\n    createOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n": typeof types.CreateOperatorDocument,
    "\n  mutation UpdateOperator($input: UpdateOperatorInput!) {\n    updateOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n": typeof types.UpdateOperatorDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        id\n      }\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      id\n    }\n  }\n": typeof types.SetPasswordDocument,
    "\n  mutation ReplyPermission($input: ReplyPermissionInput!) {\n    replyPermission(input: $input) {\n      ...ThreadSummary\n      permissions {\n        id\n      }\n    }\n  }\n": typeof types.ReplyPermissionDocument,
    "\n  mutation PinThread($threadId: ID!) {\n    pinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n": typeof types.PinThreadDocument,
    "\n  mutation UnpinThread($threadId: ID!) {\n    unpinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n": typeof types.UnpinThreadDocument,
    "\n  fragment ProviderFields on Provider {\n    id\n    name\n    connected\n    models {\n      id\n      name\n    }\n  }\n": typeof types.ProviderFieldsFragmentDoc,
    "\n  query Providers {\n    system {\n      providers {\n        ...ProviderFields\n      }\n    }\n  }\n": typeof types.ProvidersDocument,
    "\n  mutation SetProviderCredential($input: SetProviderCredentialInput!) {\n    setProviderCredential(input: $input) {\n      ...ProviderFields\n    }\n  }\n": typeof types.SetProviderCredentialDocument,
    "\n  mutation RemoveProviderCredential($providerId: ID!) {\n    removeProviderCredential(providerId: $providerId) {\n      ...ProviderFields\n    }\n  }\n": typeof types.RemoveProviderCredentialDocument,
    "\n  mutation ReplyQuestion($input: ReplyQuestionInput!) {\n    replyQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n": typeof types.ReplyQuestionDocument,
    "\n  mutation RejectQuestion($input: RejectQuestionInput!) {\n    rejectQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n": typeof types.RejectQuestionDocument,
    "\n  mutation RevertMessage($input: RevertMessageInput!) {\n    revertMessage(input: $input) {\n      ...ThreadDetail\n    }\n  }\n": typeof types.RevertMessageDocument,
    "\n  mutation UnrevertThread($threadId: ID!) {\n    unrevertThread(threadId: $threadId) {\n      ...ThreadDetail\n    }\n  }\n": typeof types.UnrevertThreadDocument,
    "\n  fragment OpencodeServerHealth on OpencodeServer {\n    name\n    status\n    latencyMs\n    version\n    lastError\n    lastCheckAt\n    sessions\n  }\n": typeof types.OpencodeServerHealthFragmentDoc,
    "\n  query PinnedThreads {\n    pinnedThreads {\n      ...ThreadSummary\n      # Enough of the history to find the last reply behind a tool step or two, and the operator's last\n      # words; a literal, so the query's cost counts 6 messages per card, not the most a page may hold.\n      messages(last: 6) {\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": typeof types.PinnedThreadsDocument,
    "\n  subscription DashboardChanges {\n    threadChanged {\n      id\n      activity\n    }\n  }\n": typeof types.DashboardChangesDocument,
    "\n  fragment SupervisorStatus on Supervisor {\n    state\n    pid\n    startedAt\n    restarts {\n      at\n      reason\n      exitCode\n      signal\n      downMs\n    }\n  }\n": typeof types.SupervisorStatusFragmentDoc,
    "\n  mutation RestartOpenCode {\n    restartOpenCode {\n      ...SupervisorStatus\n    }\n  }\n": typeof types.RestartOpenCodeDocument,
    "\n  query System {\n    system {\n      version\n      database\n      opencode {\n        status\n        latencyMs\n        version\n        lastError\n        lastSuccessAt\n        lastCheckAt\n      }\n      supervisor {\n        ...SupervisorStatus\n      }\n      opencodeServers {\n        ...OpencodeServerHealth\n      }\n      gateway {\n        instanceId\n        startedAt\n      }\n    }\n  }\n": typeof types.SystemDocument,
    "\n  query SystemMetrics {\n    system {\n      process {\n        uptimeSeconds\n        rssBytes\n        eventLoopDelayMs\n      }\n      requests {\n        ratePerSecond\n        p95Ms\n        windowSeconds\n      }\n      opencode {\n        latencyHistory {\n          at\n          latencyMs\n        }\n      }\n    }\n  }\n": typeof types.SystemMetricsDocument,
    "\n  query Thread($id: ID!, $last: Int!) {\n    thread(id: $id) {\n      ...ThreadDetail\n      permissions {\n        ...PermissionFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      messages(last: $last) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": typeof types.ThreadDocument,
    "\n  query OlderMessages($id: ID!, $before: ID!, $last: Int!) {\n    thread(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  query ThreadChanges($id: ID!) {\n    thread(id: $id) {\n      id\n      changes {\n        path\n        additions\n        deletions\n        patch\n        status\n      }\n    }\n  }\n": typeof types.ThreadChangesDocument,
    "\n  subscription ThreadEvents($threadId: ID!) {\n    threadEvents(threadId: $threadId) {\n      __typename\n      ... on MessageDelta {\n        messageId\n        partId\n        kind\n        delta\n      }\n      ... on MessageUpdated {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on PermissionAsked {\n        permission {\n          ...PermissionFields\n        }\n      }\n      ... on PermissionReplied {\n        permissionId\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n        }\n      }\n      ... on QuestionReplied {\n        questionId\n      }\n      ... on ThreadUpdated {\n        thread {\n          ...ThreadDetail\n        }\n      }\n    }\n  }\n": typeof types.ThreadEventsDocument,
    "\n  query ExportThread($threadId: ID!, $format: ExportFormat!) {\n    exportThread(threadId: $threadId, format: $format) {\n      filename\n      mimeType\n      content\n      messageCount\n      truncated\n    }\n  }\n": typeof types.ExportThreadDocument,
    "\n  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!, $server: String) {\n    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound, server: $server) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...ThreadSummary\n      }\n    }\n  }\n": typeof types.ThreadsDocument,
    "\n  subscription ThreadChanged {\n    threadChanged {\n      ...ThreadSummary\n    }\n  }\n": typeof types.ThreadChangedDocument,
    "\n  fragment TunnelStatus on Tunnel {\n    state\n    url\n    lastError\n    restarts\n  }\n": typeof types.TunnelStatusFragmentDoc,
    "\n  query Tunnel {\n    system {\n      tunnel {\n        ...TunnelStatus\n      }\n    }\n  }\n": typeof types.TunnelDocument,
    "\n  mutation StartTunnel {\n    startTunnel {\n      ...TunnelStatus\n    }\n  }\n": typeof types.StartTunnelDocument,
    "\n  mutation StopTunnel {\n    stopTunnel {\n      ...TunnelStatus\n    }\n  }\n": typeof types.StopTunnelDocument,
    "\n  fragment ThreadSummary on Thread {\n    id\n    title\n    state\n    activity\n    updatedAt\n    server\n    pinned\n    binding {\n      key\n      source\n      lastSeenAt\n    }\n  }\n": typeof types.ThreadSummaryFragmentDoc,
    "\n  fragment ThreadDetail on Thread {\n    ...ThreadSummary\n    todos {\n      content\n      status\n      priority\n    }\n    revert {\n      messageId\n    }\n    usage {\n      cost\n      tokens {\n        input\n        output\n      }\n    }\n  }\n": typeof types.ThreadDetailFragmentDoc,
    "\n  fragment PermissionFields on PermissionRequest {\n    id\n    permission\n    patterns\n  }\n": typeof types.PermissionFieldsFragmentDoc,
    "\n  fragment QuestionFields on QuestionRequest {\n    id\n    threadId\n    messageId\n    toolCallId\n    questions {\n      header\n      question\n      multiple\n      custom\n      options {\n        label\n        description\n      }\n    }\n  }\n": typeof types.QuestionFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    role\n    status\n    text\n    createdAt\n    agent\n    model {\n      providerId\n      modelId\n    }\n    cost\n    tokens {\n      input\n      output\n    }\n    error {\n      name\n      message\n    }\n    parts {\n      __typename\n      ... on TextPart {\n        id\n        text\n      }\n      ... on ReasoningPart {\n        id\n        text\n      }\n      ... on ToolPart {\n        id\n        callId\n        name\n        status\n        title\n        input\n        output\n        error\n      }\n      ... on PatchPart {\n        id\n        hash\n        files\n      }\n      ... on FilePart {\n        id\n        filename\n        mime\n        url\n      }\n      ... on StepPart {\n        id\n        phase\n      }\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment OperatorFields on Operator {\n    id\n    name\n    role\n    disabled\n    createdAt\n    lastSignInAt\n  }\n": typeof types.OperatorFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    operator {\n      id\n      name\n    }\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  fragment ConsoleSessionFields on ConsoleSession {\n    id\n    userAgent\n    clientAddress\n    createdAt\n    lastSeenAt\n    current\n  }\n": typeof types.ConsoleSessionFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  mutation AbortThread($id: ID!) {\n    abortThread(id: $id) {\n      ...ThreadSummary\n    }\n  }\n": types.AbortThreadDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query UploadLimits {\n    system {\n      uploads {\n        maxFileBytes\n        maxFiles\n        types\n      }\n    }\n  }\n": types.UploadLimitsDocument,
    "\n  query AuditEvents($first: Int!, $after: String, $threadId: ID, $action: AuditAction, $actor: String) {\n    auditEvents(first: $first, after: $after, threadId: $threadId, action: $action, actor: $actor) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        at\n        actor\n        actions\n        operationName\n        threadId\n        outcome\n        errorCode\n        durationMs\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query ConsoleSessions {\n    consoleSessions {\n      ...ConsoleSessionFields\n    }\n  }\n": types.ConsoleSessionsDocument,
    "\n  mutation RevokeConsoleSession($id: ID!) {\n    revokeConsoleSession(id: $id) {\n      id\n    }\n  }\n": types.RevokeConsoleSessionDocument,
    "\n  mutation CreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) {\n      ...ThreadSummary\n    }\n  }\n": types.CreateThreadDocument,
    "\n  query Logs($first: Int!, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {\n    logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          at\n          level\n          source\n          message\n          fields\n        }\n      }\n    }\n  }\n": types.LogsDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      role\n    }\n  }\n": types.MeDocument,
    "\n  query SearchMessages($query: String!, $first: Int!, $after: String) {\n    searchMessages(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        snippet\n        highlights {\n          start\n          end\n        }\n        thread {\n          id\n          title\n          state\n        }\n        message {\n          id\n          role\n          createdAt\n        }\n      }\n    }\n  }\n": types.SearchMessagesDocument,
    "\n  query MessageArchiveStatus {\n    system {\n      messageArchive\n    }\n  }\n": types.MessageArchiveStatusDocument,
    "\n  query ModelsAndAgents {\n    system {\n      models {\n        id\n        name\n        label\n        providerId\n        contextWindow\n        inputCostPerMTok\n        outputCostPerMTok\n        inputs\n      }\n      agents {\n        name\n        description\n        mode\n      }\n    }\n  }\n": types.ModelsAndAgentsDocument,
    "\n  query Operators {\n    operators {\n      ...OperatorFields\n    }\n  }\n": types.OperatorsDocument,
    "\n  mutation CreateOperator($input: CreateOperatorInput!) {\n    createOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n": types.CreateOperatorDocument,
    "\n  mutation UpdateOperator($input: UpdateOperatorInput!) {\n    updateOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n": types.UpdateOperatorDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        id\n      }\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      id\n    }\n  }\n": types.SetPasswordDocument,
    "\n  mutation ReplyPermission($input: ReplyPermissionInput!) {\n    replyPermission(input: $input) {\n      ...ThreadSummary\n      permissions {\n        id\n      }\n    }\n  }\n": types.ReplyPermissionDocument,
    "\n  mutation PinThread($threadId: ID!) {\n    pinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n": types.PinThreadDocument,
    "\n  mutation UnpinThread($threadId: ID!) {\n    unpinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n": types.UnpinThreadDocument,
    "\n  fragment ProviderFields on Provider {\n    id\n    name\n    connected\n    models {\n      id\n      name\n    }\n  }\n": types.ProviderFieldsFragmentDoc,
    "\n  query Providers {\n    system {\n      providers {\n        ...ProviderFields\n      }\n    }\n  }\n": types.ProvidersDocument,
    "\n  mutation SetProviderCredential($input: SetProviderCredentialInput!) {\n    setProviderCredential(input: $input) {\n      ...ProviderFields\n    }\n  }\n": types.SetProviderCredentialDocument,
    "\n  mutation RemoveProviderCredential($providerId: ID!) {\n    removeProviderCredential(providerId: $providerId) {\n      ...ProviderFields\n    }\n  }\n": types.RemoveProviderCredentialDocument,
    "\n  mutation ReplyQuestion($input: ReplyQuestionInput!) {\n    replyQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n": types.ReplyQuestionDocument,
    "\n  mutation RejectQuestion($input: RejectQuestionInput!) {\n    rejectQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n": types.RejectQuestionDocument,
    "\n  mutation RevertMessage($input: RevertMessageInput!) {\n    revertMessage(input: $input) {\n      ...ThreadDetail\n    }\n  }\n": types.RevertMessageDocument,
    "\n  mutation UnrevertThread($threadId: ID!) {\n    unrevertThread(threadId: $threadId) {\n      ...ThreadDetail\n    }\n  }\n": types.UnrevertThreadDocument,
    "\n  fragment OpencodeServerHealth on OpencodeServer {\n    name\n    status\n    latencyMs\n    version\n    lastError\n    lastCheckAt\n    sessions\n  }\n": types.OpencodeServerHealthFragmentDoc,
    "\n  query PinnedThreads {\n    pinnedThreads {\n      ...ThreadSummary\n      # Enough of the history to find the last reply behind a tool step or two, and the operator's last\n      # words; a literal, so the query's cost counts 6 messages per card, not the most a page may hold.\n      messages(last: 6) {\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": types.PinnedThreadsDocument,
    "\n  subscription DashboardChanges {\n    threadChanged {\n      id\n      activity\n    }\n  }\n": types.DashboardChangesDocument,
    "\n  fragment SupervisorStatus on Supervisor {\n    state\n    pid\n    startedAt\n    restarts {\n      at\n      reason\n      exitCode\n      signal\n      downMs\n    }\n  }\n": types.SupervisorStatusFragmentDoc,
    "\n  mutation RestartOpenCode {\n    restartOpenCode {\n      ...SupervisorStatus\n    }\n  }\n": types.RestartOpenCodeDocument,
    "\n  query System {\n    system {\n      version\n      database\n      opencode {\n        status\n        latencyMs\n        version\n        lastError\n        lastSuccessAt\n        lastCheckAt\n      }\n      supervisor {\n        ...SupervisorStatus\n      }\n      opencodeServers {\n        ...OpencodeServerHealth\n      }\n      gateway {\n        instanceId\n        startedAt\n      }\n    }\n  }\n": types.SystemDocument,
    "\n  query SystemMetrics {\n    system {\n      process {\n        uptimeSeconds\n        rssBytes\n        eventLoopDelayMs\n      }\n      requests {\n        ratePerSecond\n        p95Ms\n        windowSeconds\n      }\n      opencode {\n        latencyHistory {\n          at\n          latencyMs\n        }\n      }\n    }\n  }\n": types.SystemMetricsDocument,
    "\n  query Thread($id: ID!, $last: Int!) {\n    thread(id: $id) {\n      ...ThreadDetail\n      permissions {\n        ...PermissionFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      messages(last: $last) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": types.ThreadDocument,
    "\n  query OlderMessages($id: ID!, $before: ID!, $last: Int!) {\n    thread(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  query ThreadChanges($id: ID!) {\n    thread(id: $id) {\n      id\n      changes {\n        path\n        additions\n        deletions\n        patch\n        status\n      }\n    }\n  }\n": types.ThreadChangesDocument,
    "\n  subscription ThreadEvents($threadId: ID!) {\n    threadEvents(threadId: $threadId) {\n      __typename\n      ... on MessageDelta {\n        messageId\n        partId\n        kind\n        delta\n      }\n      ... on MessageUpdated {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on PermissionAsked {\n        permission {\n          ...PermissionFields\n        }\n      }\n      ... on PermissionReplied {\n        permissionId\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n        }\n      }\n      ... on QuestionReplied {\n        questionId\n      }\n      ... on ThreadUpdated {\n        thread {\n          ...ThreadDetail\n        }\n      }\n    }\n  }\n": types.ThreadEventsDocument,
    "\n  query ExportThread($threadId: ID!, $format: ExportFormat!) {\n    exportThread(threadId: $threadId, format: $format) {\n      filename\n      mimeType\n      content\n      messageCount\n      truncated\n    }\n  }\n": types.ExportThreadDocument,
    "\n  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!, $server: String) {\n    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound, server: $server) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...ThreadSummary\n      }\n    }\n  }\n": types.ThreadsDocument,
    "\n  subscription ThreadChanged {\n    threadChanged {\n      ...ThreadSummary\n    }\n  }\n": types.ThreadChangedDocument,
    "\n  fragment TunnelStatus on Tunnel {\n    state\n    url\n    lastError\n    restarts\n  }\n": types.TunnelStatusFragmentDoc,
    "\n  query Tunnel {\n    system {\n      tunnel {\n        ...TunnelStatus\n      }\n    }\n  }\n": types.TunnelDocument,
    "\n  mutation StartTunnel {\n    startTunnel {\n      ...TunnelStatus\n    }\n  }\n": types.StartTunnelDocument,
    "\n  mutation StopTunnel {\n    stopTunnel {\n      ...TunnelStatus\n    }\n  }\n": types.StopTunnelDocument,
    "\n  fragment ThreadSummary on Thread {\n    id\n    title\n    state\n    activity\n    updatedAt\n    server\n    pinned\n    binding {\n      key\n      source\n      lastSeenAt\n    }\n  }\n": types.ThreadSummaryFragmentDoc,
    "\n  fragment ThreadDetail on Thread {\n    ...ThreadSummary\n    todos {\n      content\n      status\n      priority\n    }\n    revert {\n      messageId\n    }\n    usage {\n      cost\n      tokens {\n        input\n        output\n      }\n    }\n  }\n": types.ThreadDetailFragmentDoc,
    "\n  fragment PermissionFields on PermissionRequest {\n    id\n    permission\n    patterns\n  }\n": types.PermissionFieldsFragmentDoc,
    "\n  fragment QuestionFields on QuestionRequest {\n    id\n    threadId\n    messageId\n    toolCallId\n    questions {\n      header\n      question\n      multiple\n      custom\n      options {\n        label\n        description\n      }\n    }\n  }\n": types.QuestionFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    role\n    status\n    text\n    createdAt\n    agent\n    model {\n      providerId\n      modelId\n    }\n    cost\n    tokens {\n      input\n      output\n    }\n    error {\n      name\n      message\n    }\n    parts {\n      __typename\n      ... on TextPart {\n        id\n        text\n      }\n      ... on ReasoningPart {\n        id\n        text\n      }\n      ... on ToolPart {\n        id\n        callId\n        name\n        status\n        title\n        input\n        output\n        error\n      }\n      ... on PatchPart {\n        id\n        hash\n        files\n      }\n      ... on FilePart {\n        id\n        filename\n        mime\n        url\n      }\n      ... on StepPart {\n        id\n        phase\n      }\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment OperatorFields on Operator {\n    id\n    name\n    role\n    disabled\n    createdAt\n    lastSignInAt\n  }\n": types.OperatorFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    operator {\n      id\n      name\n    }\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  fragment ConsoleSessionFields on ConsoleSession {\n    id\n    userAgent\n    clientAddress\n    createdAt\n    lastSeenAt\n    current\n  }\n": types.ConsoleSessionFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AbortThread($id: ID!) {\n    abortThread(id: $id) {\n      ...ThreadSummary\n    }\n  }\n"): (typeof documents)["\n  mutation AbortThread($id: ID!) {\n    abortThread(id: $id) {\n      ...ThreadSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadLimits {\n    system {\n      uploads {\n        maxFileBytes\n        maxFiles\n        types\n      }\n    }\n  }\n"): (typeof documents)["\n  query UploadLimits {\n    system {\n      uploads {\n        maxFileBytes\n        maxFiles\n        types\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int!, $after: String, $threadId: ID, $action: AuditAction, $actor: String) {\n    auditEvents(first: $first, after: $after, threadId: $threadId, action: $action, actor: $actor) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        at\n        actor\n        actions\n        operationName\n        threadId\n        outcome\n        errorCode\n        durationMs\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($first: Int!, $after: String, $threadId: ID, $action: AuditAction, $actor: String) {\n    auditEvents(first: $first, after: $after, threadId: $threadId, action: $action, actor: $actor) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        at\n        actor\n        actions\n        operationName\n        threadId\n        outcome\n        errorCode\n        durationMs\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSessions {\n    consoleSessions {\n      ...ConsoleSessionFields\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSessions {\n    consoleSessions {\n      ...ConsoleSessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeConsoleSession($id: ID!) {\n    revokeConsoleSession(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeConsoleSession($id: ID!) {\n    revokeConsoleSession(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) {\n      ...ThreadSummary\n    }\n  }\n"): (typeof documents)["\n  mutation CreateThread($input: CreateThreadInput!) {\n    createThread(input: $input) {\n      ...ThreadSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Logs($first: Int!, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {\n    logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          at\n          level\n          source\n          message\n          fields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Logs($first: Int!, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {\n    logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          at\n          level\n          source\n          message\n          fields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMessages($query: String!, $first: Int!, $after: String) {\n    searchMessages(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        snippet\n        highlights {\n          start\n          end\n        }\n        thread {\n          id\n          title\n          state\n        }\n        message {\n          id\n          role\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchMessages($query: String!, $first: Int!, $after: String) {\n    searchMessages(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        snippet\n        highlights {\n          start\n          end\n        }\n        thread {\n          id\n          title\n          state\n        }\n        message {\n          id\n          role\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageArchiveStatus {\n    system {\n      messageArchive\n    }\n  }\n"): (typeof documents)["\n  query MessageArchiveStatus {\n    system {\n      messageArchive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsAndAgents {\n    system {\n      models {\n        id\n        name\n        label\n        providerId\n        contextWindow\n        inputCostPerMTok\n        outputCostPerMTok\n        inputs\n      }\n      agents {\n        name\n        description\n        mode\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelsAndAgents {\n    system {\n      models {\n        id\n        name\n        label\n        providerId\n        contextWindow\n        inputCostPerMTok\n        outputCostPerMTok\n        inputs\n      }\n      agents {\n        name\n        description\n        mode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operators {\n    operators {\n      ...OperatorFields\n    }\n  }\n"): (typeof documents)["\n  query Operators {\n    operators {\n      ...OperatorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOperator($input: CreateOperatorInput!) {\n    createOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOperator($input: CreateOperatorInput!) {\n    createOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOperator($input: UpdateOperatorInput!) {\n    updateOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOperator($input: UpdateOperatorInput!) {\n    updateOperator(input: $input) {\n      ...OperatorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      message {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyPermission($input: ReplyPermissionInput!) {\n    replyPermission(input: $input) {\n      ...ThreadSummary\n      permissions {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyPermission($input: ReplyPermissionInput!) {\n    replyPermission(input: $input) {\n      ...ThreadSummary\n      permissions {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinThread($threadId: ID!) {\n    pinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n"): (typeof documents)["\n  mutation PinThread($threadId: ID!) {\n    pinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnpinThread($threadId: ID!) {\n    unpinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n"): (typeof documents)["\n  mutation UnpinThread($threadId: ID!) {\n    unpinThread(threadId: $threadId) {\n      ...ThreadSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProviderFields on Provider {\n    id\n    name\n    connected\n    models {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ProviderFields on Provider {\n    id\n    name\n    connected\n    models {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Providers {\n    system {\n      providers {\n        ...ProviderFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Providers {\n    system {\n      providers {\n        ...ProviderFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetProviderCredential($input: SetProviderCredentialInput!) {\n    setProviderCredential(input: $input) {\n      ...ProviderFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetProviderCredential($input: SetProviderCredentialInput!) {\n    setProviderCredential(input: $input) {\n      ...ProviderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveProviderCredential($providerId: ID!) {\n    removeProviderCredential(providerId: $providerId) {\n      ...ProviderFields\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveProviderCredential($providerId: ID!) {\n    removeProviderCredential(providerId: $providerId) {\n      ...ProviderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyQuestion($input: ReplyQuestionInput!) {\n    replyQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyQuestion($input: ReplyQuestionInput!) {\n    replyQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectQuestion($input: RejectQuestionInput!) {\n    rejectQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RejectQuestion($input: RejectQuestionInput!) {\n    rejectQuestion(input: $input) {\n      ...ThreadSummary\n      questions {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevertMessage($input: RevertMessageInput!) {\n    revertMessage(input: $input) {\n      ...ThreadDetail\n    }\n  }\n"): (typeof documents)["\n  mutation RevertMessage($input: RevertMessageInput!) {\n    revertMessage(input: $input) {\n      ...ThreadDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnrevertThread($threadId: ID!) {\n    unrevertThread(threadId: $threadId) {\n      ...ThreadDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UnrevertThread($threadId: ID!) {\n    unrevertThread(threadId: $threadId) {\n      ...ThreadDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OpencodeServerHealth on OpencodeServer {\n    name\n    status\n    latencyMs\n    version\n    lastError\n    lastCheckAt\n    sessions\n  }\n"): (typeof documents)["\n  fragment OpencodeServerHealth on OpencodeServer {\n    name\n    status\n    latencyMs\n    version\n    lastError\n    lastCheckAt\n    sessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PinnedThreads {\n    pinnedThreads {\n      ...ThreadSummary\n      # Enough of the history to find the last reply behind a tool step or two, and the operator's last\n      # words; a literal, so the query's cost counts 6 messages per card, not the most a page may hold.\n      messages(last: 6) {\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PinnedThreads {\n    pinnedThreads {\n      ...ThreadSummary\n      # Enough of the history to find the last reply behind a tool step or two, and the operator's last\n      # words; a literal, so the query's cost counts 6 messages per card, not the most a page may hold.\n      messages(last: 6) {\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardChanges {\n    threadChanged {\n      id\n      activity\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardChanges {\n    threadChanged {\n      id\n      activity\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SupervisorStatus on Supervisor {\n    state\n    pid\n    startedAt\n    restarts {\n      at\n      reason\n      exitCode\n      signal\n      downMs\n    }\n  }\n"): (typeof documents)["\n  fragment SupervisorStatus on Supervisor {\n    state\n    pid\n    startedAt\n    restarts {\n      at\n      reason\n      exitCode\n      signal\n      downMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartOpenCode {\n    restartOpenCode {\n      ...SupervisorStatus\n    }\n  }\n"): (typeof documents)["\n  mutation RestartOpenCode {\n    restartOpenCode {\n      ...SupervisorStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query System {\n    system {\n      version\n      database\n      opencode {\n        status\n        latencyMs\n        version\n        lastError\n        lastSuccessAt\n        lastCheckAt\n      }\n      supervisor {\n        ...SupervisorStatus\n      }\n      opencodeServers {\n        ...OpencodeServerHealth\n      }\n      gateway {\n        instanceId\n        startedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query System {\n    system {\n      version\n      database\n      opencode {\n        status\n        latencyMs\n        version\n        lastError\n        lastSuccessAt\n        lastCheckAt\n      }\n      supervisor {\n        ...SupervisorStatus\n      }\n      opencodeServers {\n        ...OpencodeServerHealth\n      }\n      gateway {\n        instanceId\n        startedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemMetrics {\n    system {\n      process {\n        uptimeSeconds\n        rssBytes\n        eventLoopDelayMs\n      }\n      requests {\n        ratePerSecond\n        p95Ms\n        windowSeconds\n      }\n      opencode {\n        latencyHistory {\n          at\n          latencyMs\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SystemMetrics {\n    system {\n      process {\n        uptimeSeconds\n        rssBytes\n        eventLoopDelayMs\n      }\n      requests {\n        ratePerSecond\n        p95Ms\n        windowSeconds\n      }\n      opencode {\n        latencyHistory {\n          at\n          latencyMs\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Thread($id: ID!, $last: Int!) {\n    thread(id: $id) {\n      ...ThreadDetail\n      permissions {\n        ...PermissionFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      messages(last: $last) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Thread($id: ID!, $last: Int!) {\n    thread(id: $id) {\n      ...ThreadDetail\n      permissions {\n        ...PermissionFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      messages(last: $last) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OlderMessages($id: ID!, $before: ID!, $last: Int!) {\n    thread(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OlderMessages($id: ID!, $before: ID!, $last: Int!) {\n    thread(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        hasOlder\n        olderCursor\n        nodes {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThreadChanges($id: ID!) {\n    thread(id: $id) {\n      id\n      changes {\n        path\n        additions\n        deletions\n        patch\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query ThreadChanges($id: ID!) {\n    thread(id: $id) {\n      id\n      changes {\n        path\n        additions\n        deletions\n        patch\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ThreadEvents($threadId: ID!) {\n    threadEvents(threadId: $threadId) {\n      __typename\n      ... on MessageDelta {\n        messageId\n        partId\n        kind\n        delta\n      }\n      ... on MessageUpdated {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on PermissionAsked {\n        permission {\n          ...PermissionFields\n        }\n      }\n      ... on PermissionReplied {\n        permissionId\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n        }\n      }\n      ... on QuestionReplied {\n        questionId\n      }\n      ... on ThreadUpdated {\n        thread {\n          ...ThreadDetail\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ThreadEvents($threadId: ID!) {\n    threadEvents(threadId: $threadId) {\n      __typename\n      ... on MessageDelta {\n        messageId\n        partId\n        kind\n        delta\n      }\n      ... on MessageUpdated {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on PermissionAsked {\n        permission {\n          ...PermissionFields\n        }\n      }\n      ... on PermissionReplied {\n        permissionId\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n        }\n      }\n      ... on QuestionReplied {\n        questionId\n      }\n      ... on ThreadUpdated {\n        thread {\n          ...ThreadDetail\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportThread($threadId: ID!, $format: ExportFormat!) {\n    exportThread(threadId: $threadId, format: $format) {\n      filename\n      mimeType\n      content\n      messageCount\n      truncated\n    }\n  }\n"): (typeof documents)["\n  query ExportThread($threadId: ID!, $format: ExportFormat!) {\n    exportThread(threadId: $threadId, format: $format) {\n      filename\n      mimeType\n      content\n      messageCount\n      truncated\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!, $server: String) {\n    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound, server: $server) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...ThreadSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!, $server: String) {\n    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound, server: $server) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...ThreadSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ThreadChanged {\n    threadChanged {\n      ...ThreadSummary\n    }\n  }\n"): (typeof documents)["\n  subscription ThreadChanged {\n    threadChanged {\n      ...ThreadSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TunnelStatus on Tunnel {\n    state\n    url\n    lastError\n    restarts\n  }\n"): (typeof documents)["\n  fragment TunnelStatus on Tunnel {\n    state\n    url\n    lastError\n    restarts\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tunnel {\n    system {\n      tunnel {\n        ...TunnelStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tunnel {\n    system {\n      tunnel {\n        ...TunnelStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTunnel {\n    startTunnel {\n      ...TunnelStatus\n    }\n  }\n"): (typeof documents)["\n  mutation StartTunnel {\n    startTunnel {\n      ...TunnelStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopTunnel {\n    stopTunnel {\n      ...TunnelStatus\n    }\n  }\n"): (typeof documents)["\n  mutation StopTunnel {\n    stopTunnel {\n      ...TunnelStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ThreadSummary on Thread {\n    id\n    title\n    state\n    activity\n    updatedAt\n    server\n    pinned\n    binding {\n      key\n      source\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  fragment ThreadSummary on Thread {\n    id\n    title\n    state\n    activity\n    updatedAt\n    server\n    pinned\n    binding {\n      key\n      source\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ThreadDetail on Thread {\n    ...ThreadSummary\n    todos {\n      content\n      status\n      priority\n    }\n    revert {\n      messageId\n    }\n    usage {\n      cost\n      tokens {\n        input\n        output\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ThreadDetail on Thread {\n    ...ThreadSummary\n    todos {\n      content\n      status\n      priority\n    }\n    revert {\n      messageId\n    }\n    usage {\n      cost\n      tokens {\n        input\n        output\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PermissionFields on PermissionRequest {\n    id\n    permission\n    patterns\n  }\n"): (typeof documents)["\n  fragment PermissionFields on PermissionRequest {\n    id\n    permission\n    patterns\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionFields on QuestionRequest {\n    id\n    threadId\n    messageId\n    toolCallId\n    questions {\n      header\n      question\n      multiple\n      custom\n      options {\n        label\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment QuestionFields on QuestionRequest {\n    id\n    threadId\n    messageId\n    toolCallId\n    questions {\n      header\n      question\n      multiple\n      custom\n      options {\n        label\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    role\n    status\n    text\n    createdAt\n    agent\n    model {\n      providerId\n      modelId\n    }\n    cost\n    tokens {\n      input\n      output\n    }\n    error {\n      name\n      message\n    }\n    parts {\n      __typename\n      ... on TextPart {\n        id\n        text\n      }\n      ... on ReasoningPart {\n        id\n        text\n      }\n      ... on ToolPart {\n        id\n        callId\n        name\n        status\n        title\n        input\n        output\n        error\n      }\n      ... on PatchPart {\n        id\n        hash\n        files\n      }\n      ... on FilePart {\n        id\n        filename\n        mime\n        url\n      }\n      ... on StepPart {\n        id\n        phase\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MessageFields on Message {\n    id\n    role\n    status\n    text\n    createdAt\n    agent\n    model {\n      providerId\n      modelId\n    }\n    cost\n    tokens {\n      input\n      output\n    }\n    error {\n      name\n      message\n    }\n    parts {\n      __typename\n      ... on TextPart {\n        id\n        text\n      }\n      ... on ReasoningPart {\n        id\n        text\n      }\n      ... on ToolPart {\n        id\n        callId\n        name\n        status\n        title\n        input\n        output\n        error\n      }\n      ... on PatchPart {\n        id\n        hash\n        files\n      }\n      ... on FilePart {\n        id\n        filename\n        mime\n        url\n      }\n      ... on StepPart {\n        id\n        phase\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperatorFields on Operator {\n    id\n    name\n    role\n    disabled\n    createdAt\n    lastSignInAt\n  }\n"): (typeof documents)["\n  fragment OperatorFields on Operator {\n    id\n    name\n    role\n    disabled\n    createdAt\n    lastSignInAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    operator {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    operator {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleSessionFields on ConsoleSession {\n    id\n    userAgent\n    clientAddress\n    createdAt\n    lastSeenAt\n    current\n  }\n"): (typeof documents)["\n  fragment ConsoleSessionFields on ConsoleSession {\n    id\n    userAgent\n    clientAddress\n    createdAt\n    lastSeenAt\n    current\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;