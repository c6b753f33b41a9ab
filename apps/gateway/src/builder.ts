import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { scopesOf, type RoleScopes } from './auth/roles.js';
import type { GatewayContext } from './context.js';
import { badInput, codedError } from './errors.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: RoleScopes;
  // A promise where counting is costly and done only when asked (the log files).
  Connection: { totalCount: number | Promise<number> };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: number | Date };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
}>({
  // Scope auth first: a call the role does not allow is refused before anything else looks at it.
  plugins: [ScopeAuthPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    // A subscription is checked once, when it is opened.
    authorizeOnSubscribe: true,
    authScopes: (context) => scopesOf(context.caller?.role),
    unauthorizedError: () => codedError('FORBIDDEN', 'Your role does not allow this'),
  },
  defaultFieldNullability: false,
  relay: {
    nodesOnConnection: true,
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  validation: {
    // The first issue, with the path of the argument or input field it is about.
    validationError: (failure) => {
      const issue = failure.issues[0];
      const field = (issue?.path ?? []).map((segment) => (typeof segment === 'object' ? String(segment.key) : String(segment))).join('.');
      return badInput(issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input', field || undefined);
    },
  },
});
