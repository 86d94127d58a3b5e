// Debian's Chromium, driven by playwright-core: no browser download. Installed with apt-get when missing (root only).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function hasChineseFont() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env }).status === 0;
  if (install()) return true;
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  return install();
}

/** Chromium itself, and a Chinese font so that the screenshots are readable (a fresh Debian has none). */
export function ensureChromium() {
  const missing = [];
  if (!existsSync(executablePath)) missing.push('chromium');
  if (!hasChineseFont()) missing.push('fonts-wqy-zenhei');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    if (missing.includes('chromium')) throw new Error(`${executablePath} not found: install Debian's chromium package (apt-get install -y chromium)`);
    console.error('# no Chinese font: screenshots will show boxes (apt-get install fonts-wqy-zenhei)');
    return;
  }
  if (!aptInstall(missing) || !existsSync(executablePath)) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}

export async function launch() {
  ensureChromium();
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
