export * from './model-server.js';
export * from './opencode-config.js';
export * from './opencode-launcher.js';
export * from './browser.js';
export * from './gateway-process.js';
export * from './test-logs.js';
export * from './fake-cloudflared.js';
