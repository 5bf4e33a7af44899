// Debian's Chromium, installed by scripts/chromium.sh on first use, launched headless as root with
// everything that would reach outside this machine turned off.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../../generator/src/document/sources.ts';

export async function launchChromium(): Promise<Browser> {
  const { stdout } = await promisify(execFile)(path.join(repoRoot, 'scripts/chromium.sh'), { timeout: 600_000 });
  return chromium.launch({
    executablePath: stdout.trim(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
