import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { openStore } from '../src/open.js';

// One "gateway" opening the database its parent names, once told to: the parent loads several of these
// first and then lets them all go together, so their migrations race rather than their module loading.
const [databaseUrl] = process.argv.slice(2);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const store = await openStore({ databaseUrl, dataDir: tmpdir() });
await store.close();
process.stdin.destroy();
