import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../src/config/config';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));
}

/** Relative links of a markdown file: [text](target), outside fenced code. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((t) => !/^[a-z]+:/i.test(t));
}

describe('README', () => {
  const readme = read('README.md');
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));

  it('documents every environment variable the configuration reads', () => {
    const missing = configVariables.filter((v) => !readme.includes(`\`${v}\``));
    assert.deepEqual(missing, []);
  });

  it('gives exactly the two set-up commands', () => {
    assert.ok(readme.includes('npm install && npm run dev'));
    assert.ok(readme.includes('npm test'));
  });

  it('is at most 200 lines, a newcomer reads it in five minutes', () => {
    assert.ok(readme.split('\n').length <= 200, `README.md has ${readme.split('\n').length} lines`);
  });

  it('links every page in docs/', () => {
    const linked = new Set(relativeLinks(readme).map((t) => t.split('#')[0]));
    assert.deepEqual(
      docs.filter((f) => !linked.has(`docs/${f}`)),
      [],
    );
  });

  it('has no broken relative link or anchor in README.md or docs/', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...docs.map((f) => `docs/${f}`)]) {
      for (const target of relativeLinks(read(file))) {
        const [targetPath = '', anchor] = target.split('#');
        const resolved = targetPath === '' ? file : path.join(path.dirname(file), targetPath);
        if (!fs.existsSync(path.join(root, resolved))) broken.push(`${file}: ${target}`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsIn(read(resolved)).has(anchor))
          broken.push(`${file}: ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
