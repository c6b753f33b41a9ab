import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.js';
import { IsoInstants } from './iso-instants.js';

const instants = new IsoInstants();

export const DateTime = builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string in UTC.',
  serialize: (value) => (typeof value === 'number' ? instants.of(value) : new Date(value).toISOString()),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});

export const JSONScalar = builder.scalarType('JSON', {
  description: 'Arbitrary JSON, as OpenCode reported it (tool input, permission metadata).',
  serialize: (value) => value,
  parseValue: (value) => value,
});
