import { builder } from '../builder.js';
import { SystemRef } from './system.types.js';

builder.queryField('system', (t) => t.field({ type: SystemRef, authScopes: { viewer: true }, resolve: () => ({}) }));
