/**
 * The Teams app package `npm run package` builds (scripts/app-package.ts) passes the Microsoft 365
 * Agents Toolkit's own check, `atk validate --manifest-file`, offline: the pinned CLI from .cache/
 * (`npm run test:toolkit` installs it first with scripts/ensure-atk-cli.ts). A broken manifest fails,
 * so the check cannot pass by not running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { buildAppPackage } from '../../scripts/app-package';
import { atkCliEntry, atkCliVersion } from '../../scripts/atk-cli';

const values = {
  TEAMS_APP_ID: '8a7b2c4d-1e2f-4a5b-9c8d-7e6f5a4b3c2d',
  MicrosoftAppId: '3c1d9e2f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  BASE_URL: 'https://samsyn.lunda.se',
  PRIVACY_URL: 'https://www.lunda.se/integritet',
  TERMS_OF_USE_URL: 'https://www.lunda.se/villkor',
};

function atkValidate(manifestFile: string): { status: number | null; output: string } {
  const r = spawnSync(
    process.execPath,
    [atkCliEntry, 'validate', '--manifest-file', manifestFile, '--interactive', 'false', '--telemetry', 'false'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe(`the app package against atk validate (@microsoft/m365agentstoolkit-cli ${atkCliVersion})`, function () {
  this.timeout(180_000);
  let dir: string;

  before(function () {
    assert.ok(
      fs.existsSync(atkCliEntry),
      `the Toolkit CLI is missing: run \`npm run test:toolkit\` (it installs it with scripts/ensure-atk-cli.ts), not mocha alone`,
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-atk-'));
    const built = buildAppPackage(values, { outDir: dir });
    for (const [name, bytes] of Object.entries(unzipSync(fs.readFileSync(built.zipPath))))
      fs.writeFileSync(path.join(dir, name), bytes);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes the Toolkit's schema and validation rules", () => {
    const r = atkValidate(path.join(dir, 'manifest.json'));
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /All passed/);
  });

  it('fails a manifest the Toolkit refuses (negative control)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      bots: { botId: string }[];
    };
    manifest.bots[0]!.botId = 'not-a-guid';
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify(manifest));
    const r = atkValidate(broken);
    assert.notEqual(r.status, 0);
    assert.match(r.output, /\/bots\/0\/botId/);
  });
});
