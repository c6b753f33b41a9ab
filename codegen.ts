import type { CodegenConfig } from '@graphql-codegen/cli';

// The console's documents → typed documents in apps/console/src/gql, from the committed schema.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['apps/console/src/**/*.{ts,vue}', '!apps/console/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'apps/console/src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
