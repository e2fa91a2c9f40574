/** The tab bundle's size: every dist/web/*.js, raw and gzip (node:zlib, default level). */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
  readonly totalGzipBytes: number;
}

export function tabBundleSize(root: string): BundleSize | 'not built' {
  const dir = path.join(root, 'dist', 'web');
  if (!fs.existsSync(dir)) return 'not built';
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort();
  if (names.length === 0) return 'not built';
  const files = names.map((f) => {
    const raw = fs.readFileSync(path.join(dir, f));
    return { file: `dist/web/${f}`, bytes: raw.length, gzipBytes: gzipSync(raw).length };
  });
  return { files, totalGzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}
