/** The lint rule that keeps src/domain and src/app free of frameworks fails when it is broken. */
import assert from 'node:assert/strict';
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
  const forbidden = ['botbuilder', 'restify', '@microsoft/microsoft-graph-client', '@azure/identity', 'pg', '@electric-sql/pglite', '../storage/database'];

  for (const layer of ['src/domain/probe.ts', 'src/app/probe.ts']) {
    for (const mod of forbidden) {
      it(`${layer} may not import ${mod}`, async () => {
        const errors = await errorsFor(layer, `import * as x from '${mod}';\nexport const y = x;\n`);
        assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
      });
    }
  }

  it('the storage layer may import its driver', async () => {
    assert.deepEqual(await errorsFor('src/storage/probe.ts', `import pg from 'pg';\nexport const y = pg;\n`), []);
  });
});
