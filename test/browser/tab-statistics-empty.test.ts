/**
 * The manager's statistics for a year with nothing in it, in Debian Chromium against a running Samsyn
 * (found by hand in `npm run dev`): a table with no rows says there were no cases that year instead of
 * showing bare headings, and the outcomes table's first column is named as the outcome, not the table.
 */
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import sv from '../../src/i18n/sv.json';
import { persona } from '../support/personas';
import { seriousViolations } from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const maja = persona('Maja Nord');

describe("the manager's statistics of an empty year (browser)", function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('statistics-empty');
  });
  after(async () => world?.close(contexts));

  it('says "no cases this year" in each table with no rows, and names the outcome column', async () => {
    assert.ok(world);
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/tab/personal?persona=${maja.objectId}&lang=sv`);
    await page.locator('#stats-show').click();
    const outcomes = page.locator('table.report', { hasText: sv.reports.sections.outcomes });
    await outcomes.waitFor();
    for (const caption of [
      sv.reports.sections.worryAreas,
      sv.reports.sections.outcomes,
      sv.reports.sections.consulteeUnits,
    ]) {
      const table = page.locator('table.report', { has: page.locator('caption', { hasText: caption }) });
      assert.equal(
        (await table.locator('tbody').innerText()).trim(),
        sv.tab.reports.noRows,
        `"${caption}" says there is nothing`,
      );
    }
    assert.equal((await outcomes.locator('thead th').first().innerText()).trim(), sv.tab.reports.outcome);
    assert.equal((await seriousViolations(page)).length, 0, 'the empty statistics are accessible');
  });
});
