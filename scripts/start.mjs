// `npm start`: build, make sure the newest pinned VS Code (code-server) is installed, start the VS Code server
// on 127.0.0.1 with this extension loaded in development mode, and print the URL to open.
//   npm start [-- [folder] [--folder DIR] [--port N]]
// env: ATP_FOLDER (default samples/), ATP_PORT (default 8080 or the next free port), ATP_CODE_SERVER_VERSION.
// User data (settings, state) persists in .vscode-test/start-user-data. Ctrl-C / SIGTERM stops everything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, CODE_SERVER_VERSIONS, freePort, startServer, workbenchUrl } from '../test/lib/vscode-web.mjs';

const { values, positionals } = parseArgs({
  options: { folder: { type: 'string' }, port: { type: 'string' }, 'no-build': { type: 'boolean' } },
  allowPositionals: true,
});
const folder = path.resolve(values.folder || positionals[0] || process.env.ATP_FOLDER || path.join(ROOT, 'samples'));
const version = process.env.ATP_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS[0];
const t0 = Date.now();
const say = (m) => console.log(`[start ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

function step(title, cmd, args, env = {}) {
  say(title);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) { say(`${title} failed (exit ${r.status ?? r.signal})`); process.exit(1); }
}

if (!fs.existsSync(folder)) { say(`folder ${folder} does not exist`); process.exit(1); }
if (!values['no-build']) step('building (node scripts/build.mjs)', 'node', ['scripts/build.mjs']);
step(`checking VS Code (code-server ${version})`, 'bash', ['scripts/install-vscode.sh'], { CODE_SERVER_VERSIONS: version });

const requested = values.port || process.env.ATP_PORT;
let port;
if (requested) {
  port = Number(requested);
  if ((await freePort(port)) !== port) { say(`port ${port} is in use`); process.exit(1); }
} else {
  port = await freePort(8080);
}

const dataDir = path.join(ROOT, '.vscode-test', 'start-user-data');
const server = await startServer({
  version, port, dataDir, keepSettings: true, // the user's own changes to settings.json survive restarts
});
const url = workbenchUrl(server, { folder, devPath: ROOT });
say(`VS Code ${server.info.vscodeVersion} is serving ${folder} with the extension in development mode`);
say(`server log: ${server.logFile}; user data: ${dataDir}`);
console.log(`\n  Open: ${url}\n\n  (reload the page after rebuilding; Ctrl-C to stop)\n`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping the VS Code server`);
  await server.stop();
  process.exit(0);
}
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
const code = await server.exited;
if (!stopping) { say(`VS Code server exited (code ${code}); see ${server.logFile}`); process.exit(code || 1); }
