// Runs after `npm install`: initialises one empty PGlite cluster and keeps it as a template, so a
// new PGlite data folder starts in about 2 s instead of running initdb (5-7 s) on first start.
// Plain JavaScript so it also runs where dev dependencies (tsx) are not installed.
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const version = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
).version;
const file = path.join(root, '.cache', `pglite-template-${version}.tar.gz`);

if (fs.existsSync(file)) {
  console.log(`PGlite template present: ${path.relative(root, file)}`);
} else {
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  console.log(`PGlite template written: ${path.relative(root, file)}`);
}
