/**
 * The GIRFEC lenses in the tab, in Debian Chromium against a running Samsyn (local mode, development
 * personas): Anna chooses the My World Triangle and the Resilience Matrix beside the wheel, writes a
 * side and places the child, and the stage shows both (Bo, in English) with the placement written
 * out; the side panel with the lenses has no serious axe-core violation. In an anonymous consultation
 * identifying lens text comes back with only that part replaced, the field named, and nothing stored.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import { systemClock } from '../../src/domain/ports';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';
import { choose, describeViolations, resultsDir, seriousViolations, textbox, type AppProcess } from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

describe('GIRFEC lenses in the tab (browser)', function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  let db: TabWorld['db'];
  let app: AppProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('lenses');
    ({ db, app, browser } = world);
  });

  after(async () => world?.close(contexts));

  async function open(view: string, caseId: string, who: Actor, lang: 'sv' | 'en', theme = 'default'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: view === 'stage' ? 1280 : 420, height: 900 },
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${app.url}/tab/${view}?caseId=${caseId}&persona=${who.objectId}&lang=${lang}&theme=${theme}`);
    return p;
  }

  const stored = async (caseId: string) =>
    (
      await db.query<{ chosen: string[]; content: Record<string, unknown> }>(
        'SELECT chosen, content FROM case_lens WHERE case_id = $1',
        [caseId],
      )
    ).rows[0];

  it('chooses the lenses, saves a triangle side and a placement, and shows them on the stage', async () => {
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const now = Date.now();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-socialtjansten'],
        informationCategories: everyCategory,
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 90 * 86_400_000),
      },
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });

    const p = await open('sidepanel', kase.id, anna, 'sv');
    await choose(p, 'lens-use-my-world-triangle', 'yes');
    await choose(p, 'lens-use-resilience-matrix', 'yes');
    await p.locator('#save-lens-choice').click();
    await p.locator('#lens-my-world-triangle-how-i-grow-strengths').waitFor();
    assert.deepEqual((await stored(kase.id))?.chosen, ['my-world-triangle', 'resilience-matrix']);

    await textbox(p, 'lens-my-world-triangle-how-i-grow-strengths').fill('Läser gärna serier');
    await textbox(p, 'lens-my-world-triangle-what-i-need-worries').fill('Kvällarna är oroliga');
    await p.locator('#save-lens-my-world-triangle').click();
    await p.locator('#lens-my-world-triangle-status').getByText('Sparat').waitFor();
    await choose(p, 'lens-resilience-matrix-x', '-1');
    await choose(p, 'lens-resilience-matrix-y', '2');
    await textbox(p, 'lens-resilience-matrix-note-resilience-adversity').fill('Klarar mycket trots oro hemma');
    await p.locator('#save-lens-resilience-matrix').click();
    await p.locator('#lens-resilience-matrix-status').getByText('Sparat').waitFor();
    assert.deepEqual((await stored(kase.id))?.content, {
      'my-world-triangle': {
        kind: 'triangle',
        sides: {
          'how-i-grow': { strengths: 'Läser gärna serier', worries: '' },
          'what-i-need': { strengths: '', worries: 'Kvällarna är oroliga' },
        },
      },
      'resilience-matrix': {
        kind: 'matrix',
        placement: { x: -1, y: 2 },
        notes: { 'resilience-adversity': 'Klarar mycket trots oro hemma' },
      },
    });
    const violations = await seriousViolations(p);
    assert.deepEqual(violations, [], describeViolations(violations));

    const stage = await open('stage', kase.id, bo, 'en');
    const lenses = stage.locator('.stage .lens');
    await lenses.first().waitFor();
    const text = (await lenses.allInnerTexts()).join('\n');
    for (const expected of [
      'My World Triangle',
      'How I grow and develop',
      'Läser gärna serier',
      'Resilience Matrix',
      'Where the child stands: Environment -1 (Adversity); The child +2 (Resilience).',
      'Klarar mycket trots oro hemma',
    ])
      assert.ok(text.includes(expected), `expected "${expected}" on the stage:\n${text}`);
    await stage.screenshot({ path: path.join(resultsDir, 'tab-stage-lenses.png'), fullPage: true });

    // The lenses in the panel and on the stage in every Teams theme: axe-core clean.
    for (const theme of ['default', 'dark', 'contrast'])
      for (const [view, ready] of [
        ['sidepanel', '#save-lens-resilience-matrix'],
        ['stage', '.stage .lens'],
      ] as const) {
        const page = await open(view, kase.id, bo, 'sv', theme);
        await page.locator(ready).first().waitFor();
        const found = await seriousViolations(page);
        assert.deepEqual(found, [], `${view} with lenses (${theme}):\n${describeViolations(found)}`);
      }
  });

  it('in an anonymous consultation puts lens text back with only the identifying part replaced; nothing stored', async () => {
    const kase = await repositoriesFor(db, anna, 'seed', systemClock).cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
    });
    const p = await open('sidepanel', kase.id, anna, 'sv');
    await choose(p, 'lens-use-my-world-triangle', 'yes');
    await p.locator('#save-lens-choice').click();
    const field = textbox(p, 'lens-my-world-triangle-what-i-need-worries');
    await field.fill('Pappa nås på 070-123 45 67 på kvällarna');
    await p.locator('#save-lens-my-world-triangle').click();
    const redacted = 'Pappa nås på [telefonnummer borttaget] på kvällarna';
    const until = Date.now() + 10_000;
    while ((await field.inputValue()) !== redacted) {
      if (Date.now() > until) throw new Error(`not redacted: ${await field.inputValue()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(await p.locator('#lens-my-world-triangle-status').innerText(), /telefonnummer/);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the refused field is marked');
    const error = p.locator('#lens-my-world-triangle-what-i-need-worries-error');
    assert.match((await error.textContent()) ?? '', /telefonnummer/, await error.evaluate((e) => e.outerHTML));
    assert.deepEqual((await stored(kase.id))?.content, {}, 'nothing is saved');
  });
});
