// Starts the real service (dotnet run, Development, a free loopback port, a throwaway storage folder) and stops it
// again on every exit path: normal end, failed test, Ctrl-C, SIGTERM from CI.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const admin = { username: 'admin', password: 'Console-Admin-Passw0rd' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

const running = new Set();
function stopAll() {
  for (const s of running) s.stopNow();
}
process.once('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => { stopAll(); process.exit(128 + 2); });

export async function startService({ timeoutMs = 240_000 } = {}) {
  const port = await freePort();
  const storage = mkdtempSync(join(tmpdir(), 'console-tests-'));
  const log = join(storage, 'service.log');
  const out = openSync(log, 'a');
  const child = spawn('dotnet', ['run', '--project', join(repo, 'Api'), '-c', 'Release', '--no-launch-profile'], {
    cwd: repo,
    detached: true, // its own process group, so that the app dotnet run starts is stopped with it
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
      Storage__Root: storage,
      Database__Provider: 'Sqlite',
      Jobs__Storage: 'InMemory',
      Admin__Username: admin.username,
      Admin__Password: admin.password,
      Auth__LoginPermitsPerMinute: '1000',
    },
  });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const service = {
    url: `http://127.0.0.1:${port}`,
    storage,
    log,
    stopNow() {
      running.delete(service);
      if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
      rmSync(storage, { recursive: true, force: true });
    },
    async stop() {
      if (!exited) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        for (let i = 0; i < 50 && !exited; i++) await new Promise(r => setTimeout(r, 100));
      }
      service.stopNow();
    },
  };
  running.add(service);

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) return service;
    } catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 500));
  }
  const tail = spawnSync('tail', ['-n', '40', log], { encoding: 'utf8' }).stdout;
  service.stopNow();
  throw new Error(`the service did not become ready on port ${port}${exited ? ' (it exited)' : ''}:\n${tail}`);
}
