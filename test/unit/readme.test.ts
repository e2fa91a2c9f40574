import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../src/config/config';

describe('README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

  it('documents every environment variable the configuration reads', () => {
    const missing = configVariables.filter((v) => !readme.includes(`\`${v}\``));
    assert.deepEqual(missing, []);
  });

  it('gives exactly the two set-up commands', () => {
    assert.ok(readme.includes('npm install && npm run dev'));
    assert.ok(readme.includes('npm test'));
  });
});
