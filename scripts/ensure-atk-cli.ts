/**
 * Makes sure the pinned Microsoft 365 Agents Toolkit CLI is in .cache/ for `npm run test:toolkit`.
 * Idempotent: returns at once when it is there (no network needed after the first install). Installs
 * with --ignore-scripts: the CLI's only install script builds an optional native key-chain module,
 * which `atk validate` does not use (and which cannot build offline).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { atkCliEntry, atkCliPrefix, atkCliVersion } from './atk-cli';

if (fs.existsSync(atkCliEntry)) {
  console.log(`ensure-atk-cli: @microsoft/m365agentstoolkit-cli ${atkCliVersion} present in ${atkCliPrefix}`);
} else {
  console.log(
    `ensure-atk-cli: installing @microsoft/m365agentstoolkit-cli@${atkCliVersion} into ${atkCliPrefix} (once; about 450 MB)`,
  );
  fs.mkdirSync(atkCliPrefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      atkCliPrefix,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--no-package-lock',
      `@microsoft/m365agentstoolkit-cli@${atkCliVersion}`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !fs.existsSync(atkCliEntry)) {
    console.error(
      `ensure-atk-cli: ERROR: the install failed (exit ${r.status ?? r.signal ?? 'unknown'}); it needs the npm registry once.`,
    );
    process.exit(1);
  }
  console.log('ensure-atk-cli: installed');
}
