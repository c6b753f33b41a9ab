// What `npm run demo` needs — the scripted model and an offline OpenCode home — without the browser
// driver and axe the rest of the kit brings, so the gateway's demo bundle imports neither.
export { startModelServer, type ModelServer } from './model-server.js';
export { prepareOpencodeHome, type OpencodeHome } from './opencode-launcher.js';
