import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from './schema.js';

// Writes the committed schema.graphql at the repository root; a test fails when it drifts.
const target = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));
writeFileSync(target, printSortedSchema());
