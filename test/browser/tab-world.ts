/**
 * What a browser test of the tab runs against: a PostgreSQL test database, the Graph stand-in with the
 * development directory, Samsyn as its own process (local mode, development personas) and Chromium.
 * `close` closes the given browser contexts first, then everything in reverse order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { chromiumArgs, chromiumPath } from '../e2e/support/harness';
import { openPostgresTestDatabase } from '../support/databases';
import { startAppProcess, type AppProcess } from './support';

export interface TabWorld {
  readonly db: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  readonly app: AppProcess;
  readonly browser: Browser;
  close(contexts: readonly BrowserContext[]): Promise<void>;
}

export async function startTabWorld(name: string): Promise<TabWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `samsyn-browser-${name}-`));
  const caPemPath = path.join(dir, 'ca.pem');
  const db = await openPostgresTestDatabase();
  const standIn = await startGraphStandIn({
    port: 0,
    caPemPath,
    directoryPath: DEVELOPMENT_DIRECTORY,
    planTeamId: 'samsyn-dev-team',
  });
  const app = await startAppProcess(name, {
    DATABASE_URL: db.url,
    GRAPH_BASE_URL: standIn.url,
    NODE_EXTRA_CA_CERTS: caPemPath,
    PLAN_TEAM_ID: 'samsyn-dev-team',
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return {
    db,
    app,
    browser,
    async close(contexts) {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.stop();
      await standIn.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
