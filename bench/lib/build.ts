/**
 * What the bench runs is compiled first, as production runs it (`node dist/src/main.js`, built by
 * `tsc -p tsconfig.build.json`), so that RSS and cold start are the compiled app's and not the tsx
 * loader's. Built at the start of every run, so dist/ is never missing or stale (a few seconds).
 *
 * The frozen echo baseline is compiled alongside with the same compiler options (its source is not
 * changed; only how it is launched: plain `node` on the emitted file instead of `node --import tsx`),
 * so both sides run as plain JavaScript in Node. It goes to .tmp/bench-build, not dist/ (dist/ is
 * deployed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface BenchBuild {
  /** Samsyn's compiled entry point, relative to the repository root. */
  readonly samsyn: string;
  /** The compiled echo baseline, relative to the repository root. */
  readonly echo: string;
  /** Node's options from package.json "start" (production's start command, e.g. the heap cap), for Samsyn. */
  readonly samsynNodeArgs: readonly string[];
  readonly ms: number;
}

/** The `--…` options of package.json's "start" script (`node <options> dist/src/main.js`). */
export function productionNodeArgs(root: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  return (pkg.scripts?.start ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
}

export function buildForBench(root: string): BenchBuild {
  const t0 = performance.now();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    throw new Error(
      `npx tsc -p tsconfig.build.json failed; the bench measures the compiled app:\n${out.slice(0, 4000)}`,
      { cause: err },
    );
  }
  const samsyn = path.join('dist', 'src', 'main.js');
  if (!fs.existsSync(path.join(root, samsyn))) throw new Error(`${samsyn} was not built`);

  const configFile = path.join(root, 'tsconfig.build.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
  const source = path.join(root, 'bench', 'baseline', 'echo-bot.ts');
  const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    compilerOptions: { ...options, sourceMap: false, declaration: false },
    fileName: source,
  });
  const echo = path.join('.tmp', 'bench-build', 'echo-bot.js');
  fs.mkdirSync(path.dirname(path.join(root, echo)), { recursive: true });
  fs.writeFileSync(path.join(root, echo), outputText);
  return { samsyn, echo, samsynNodeArgs: productionNodeArgs(root), ms: Math.round(performance.now() - t0) };
}
