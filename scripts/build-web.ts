/**
 * Builds the tab (src/web) into dist/web with esbuild: one minified script, one stylesheet and the
 * page. Prints the gzip size and fails above the budget (150 KB gzip, issue 5).
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'web');
const budgetBytes = 150 * 1024;

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { tab: path.join(root, 'src', 'web', 'main.ts') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'edge110', 'safari16', 'firefox115'],
    platform: 'browser',
    tsconfig: path.join(root, 'src', 'web', 'tsconfig.json'),
    legalComments: 'linked',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(root, 'src', 'web', 'index.html'), path.join(outDir, 'index.html'));

  const files = ['tab.js', 'tab.css', 'index.html'];
  const sizes = files.map((f) => {
    const data = fs.readFileSync(path.join(outDir, f));
    return { file: f, bytes: data.length, gzipBytes: zlib.gzipSync(data, { level: 9 }).length };
  });
  const total = sizes.reduce((s, x) => s + x.gzipBytes, 0);
  fs.writeFileSync(
    path.join(outDir, 'build.json'),
    `${JSON.stringify({ files: sizes, totalGzipBytes: total, budgetGzipBytes: budgetBytes }, null, 2)}\n`,
  );
  for (const s of sizes)
    console.log(
      `  dist/web/${s.file.padEnd(10)} ${(s.bytes / 1024).toFixed(1).padStart(7)} KB  (${(s.gzipBytes / 1024).toFixed(1)} KB gzip)`,
    );
  console.log(`tab bundle: ${(total / 1024).toFixed(1)} KB gzip in total (budget ${budgetBytes / 1024} KB)`);
  if (total > budgetBytes) {
    console.error(`tab bundle is over budget: ${(total / 1024).toFixed(1)} KB gzip > ${budgetBytes / 1024} KB`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
