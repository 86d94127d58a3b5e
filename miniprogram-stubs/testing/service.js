// Starts the real service (dotnet run, Development, its own temp storage, a free port) and stops it on
// every exit path: normal end, failure, Ctrl-C/SIGTERM, and even SIGKILL of the test process (a watchdog
// shell outlives us only to kill the service's process group).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const ADMIN_USERNAME = 'admin';
const ADMIN_PASSWORD = 'journey-admin-' + Math.random().toString(36).slice(2, 10);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startService({ readyTimeoutMs = 300000 } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'miniprogram-journey-'));
  const env = {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Development',
    DOTNET_ENVIRONMENT: 'Development',
    ASPNETCORE_URLS: baseUrl,
    Storage__Root: storage,
    WeChat__AppSecret: '',
    Admin__Username: ADMIN_USERNAME,
    Admin__Password: ADMIN_PASSWORD,
    WeChat__Templates__SessionReminder__Id: 'tmpl-session-reminder',
    DOTNET_NOLOGO: '1',
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    MSBUILDDISABLENODEREUSE: '1',
    DOTNET_CLI_USE_MSBUILD_SERVER: '0',
  };
  const started = Date.now();
  const child = spawn('dotnet', ['run', '--project', path.join(REPO, 'Api'), '-c', 'Release', '--no-launch-profile'], {
    cwd: REPO,
    env,
    detached: true, // its own process group: `dotnet run` starts the app as a child, and both must go
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logLines = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(line);
    if (logLines.length > 400) logLines.splice(0, logLines.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));

  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -TERM -${child.pid} 2>/dev/null; sleep 5; kill -KILL -${child.pid} 2>/dev/null; rm -rf '${storage}'`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch (e) {
      /* already gone */
    }
  };
  const removeStorage = () => fs.rmSync(storage, { recursive: true, force: true });
  const onExit = () => {
    killGroup('SIGKILL');
    removeStorage();
  };
  const onSignal = (signal) => {
    onExit();
    process.exit(128 + (os.constants.signals[signal] || 1));
  };
  process.on('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(s, onSignal);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      killGroup('SIGTERM');
      const timeout = sleep(10000).then(() => 'timeout');
      if ((await Promise.race([exitPromise, timeout])) === 'timeout') killGroup('SIGKILL');
    }
    killGroup('SIGKILL'); // the app itself, should `dotnet run` have gone first
    try {
      process.kill(watchdog.pid, 'SIGKILL');
    } catch (e) {
      /* gone */
    }
    process.removeListener('exit', onExit);
    removeStorage();
  }

  const log = () => logLines.join('\n');
  try {
    for (;;) {
      if (exited) throw new Error(`the service exited (${JSON.stringify(exited)}) before it was ready:\n${log()}`);
      if (Date.now() - started > readyTimeoutMs) throw new Error(`the service was not ready within ${readyTimeoutMs} ms:\n${log()}`);
      try {
        const res = await fetch(baseUrl + '/health/ready', { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) break;
      } catch (e) {
        /* not listening yet */
      }
      await sleep(300);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, storage, stop, log, startMs: Date.now() - started, admin: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } };
}

module.exports = { startService, spawnSync };
