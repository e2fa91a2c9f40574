/** The lint rule that keeps src/domain and src/app free of frameworks fails when it is broken. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');

async function errorsFor(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundary (lint)', function () {
  this.timeout(60_000);
  const forbidden = [
    'botbuilder',
    'restify',
    '@microsoft/microsoft-graph-client',
    '@azure/identity',
    'pg',
    '@electric-sql/pglite',
    '../storage/database',
  ];

  for (const layer of ['src/domain/probe.ts', 'src/app/probe.ts']) {
    for (const mod of forbidden) {
      it(`${layer} may not import ${mod}`, async () => {
        const errors = await errorsFor(layer, `import * as x from '${mod}';\nexport const y = x;\n`);
        assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
      });
    }
  }

  for (const layer of ['src/http/probe.ts', 'src/config/probe.ts', 'src/app/probe.ts']) {
    it(`${layer} may not import the Graph stand-in (tools/)`, async () => {
      const errors = await errorsFor(
        layer,
        `import { startGraphStandIn } from '../../tools/graph-standin/server';\nexport const y = startGraphStandIn;\n`,
      );
      assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
    });
  }

  it('the production build compiles src/ only: no stand-in or other tool code reaches dist/', () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--listFilesOnly'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const ours = r.stdout
      .split('\n')
      .map((f) => path.relative(root, f.trim()))
      .filter((f) => f !== '' && !f.startsWith('node_modules') && !f.startsWith('..'));
    assert.ok(ours.includes(path.join('src', 'main.ts')), 'control: the app itself is compiled');
    assert.deepEqual(
      ours.filter((f) => !f.startsWith(`src${path.sep}`) || /graph-standin/i.test(f)),
      [],
    );
  });

  it('the storage layer may import its driver', async () => {
    assert.deepEqual(await errorsFor('src/storage/probe.ts', `import pg from 'pg';\nexport const y = pg;\n`), []);
  });
});
