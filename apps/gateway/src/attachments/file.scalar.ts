import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';

const isFile = (value: unknown): value is File =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as File).arrayBuffer === 'function' &&
  typeof (value as File).size === 'number' &&
  typeof (value as File).name === 'string';

/** Yoga hands over each multipart part as a WHATWG File; nothing else, and no literal, is one. */
export const FileScalar = builder.scalarType('File', {
  description: 'A file sent as a part of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).',
  serialize: () => {
    throw new GraphQLError('File is an input only');
  },
  parseValue: (value) => {
    if (!isFile(value)) throw new GraphQLError('File must be sent as a part of a multipart request');
    return value;
  },
  parseLiteral: () => {
    throw new GraphQLError('File must be sent as a part of a multipart request');
  },
});
