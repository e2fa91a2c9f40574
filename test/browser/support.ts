/**
 * Browser-test support: Samsyn instances started as real processes (src/main.ts, local mode with
 * DEV_AUTH) on one database, Debian Chromium through playwright-core, axe-core in the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, repoRoot } from '../e2e/support/harness';

export const resultsDir = path.join(repoRoot, 'test-results');

export interface AppProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts src/main.ts with the given environment and waits for /readyz. */
export async function startAppProcess(name: string, env: Readonly<Record<string, string>>): Promise<AppProcess> {
  const port = await freePort('127.0.0.1');
  const logDir = path.join(resultsDir, 'browser');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', DEV_AUTH: 'true', ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  process.once('exit', () => kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}; see test-results/browser/${name}.log`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      kill('SIGKILL');
      throw new Error(`${name} not ready within 60 s; see test-results/browser/${name}.log`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.closeSync(log);
    },
  };
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
  await page.evaluate(`${axeSource}\n;0`);
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })",
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs: readonly AxeViolation[]): string {
  return vs
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

/**
 * The tab's form controls are Fluent UI web components: the text box a user types in is inside the
 * component (its shadow root), found by its role; a dropdown is opened and an option clicked.
 */
export const textbox = (page: Page, id: string) => page.locator(`#${id}`).getByRole('textbox');

/**
 * Polls a condition (the page's CSP forbids evaluating strings, so no waitForFunction): e.g. a field's
 * value, which a Fluent text field hands to its inner textbox a moment after the panel shows.
 */
export async function eventually(condition: () => Promise<boolean>, timeoutMs: number, what = ''): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what ? `${what}: ` : ''}not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function choose(page: Page, id: string, value: string): Promise<void> {
  const dropdown = page.locator(`#${id}`);
  await dropdown.getByRole('combobox').click();
  await dropdown.locator(`fluent-option[value="${value}"]`).click();
}

/** The button that opens or closes one of the wheel's areas (the heading of its accordion item). */
export const areaHeading = (page: Page, areaId: string) =>
  page.locator(`.area[data-area="${areaId}"]`).locator('[part="button"]');

/** The value a Fluent dropdown holds (its selected option's value). */
export const dropdownValue = (page: Page, id: string): Promise<string> =>
  page.locator(`#${id}`).evaluate((el) => String((el as unknown as { value: unknown }).value ?? ''));

/** A control's accessible name and description as Chromium computes them (by role and name, through shadow roots). */
export async function accessibleDescription(page: Page, role: string, name: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', {
      nodeId: root.nodeId,
      accessibleName: name,
      role,
    })) as { nodes: { description?: { value?: unknown } }[] };
    return nodes.map((n) => String(n.description?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}
