import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './threads/thread.resolvers.js';
import './messages/message.resolvers.js';
import './permissions/permission.types.js';
import './permissions/permission.resolvers.js';
import './system/system.resolvers.js';
import './servers/server.types.js';
import './metrics/metrics.types.js';
import './system/supervisor.resolvers.js';
import './providers/provider.resolvers.js';
import './tunnel/tunnel.resolvers.js';
import './audit/audit.resolvers.js';
import './logs/logs.resolvers.js';
import './operators/operator.resolvers.js';
import './questions/question.types.js';
import './questions/question.resolvers.js';
import './live/live.resolvers.js';
import './todos/todo.types.js';
import './changes/change.resolvers.js';
import './attachments/upload.types.js';
import './search/search.resolvers.js';
import './pins/pin.resolvers.js';
import './export/export.resolvers.js';
import './models/model.resolvers.js';

builder.queryType({});
builder.globalConnectionField('totalCount', (t) => t.int({ resolve: (connection) => connection.totalCount }));
builder.mutationType({});

export const schema = builder.toSchema();

/** The committed schema.graphql: sorted, so the file changes only when the API does. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
