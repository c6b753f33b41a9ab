export * from './client.js';
export * from './errors.js';
export * from './types.js';
export * from './process.js';
export * from './ids.js';
export * from './supervisor.js';
