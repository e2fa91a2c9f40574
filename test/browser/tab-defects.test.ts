/**
 * The tab's defects of issue 16, each driven in Debian Chromium against a running Samsyn (local mode,
 * development personas): the plan conflict names the lead (not an object id), the participant list
 * shows each person once, the development sign-in offers a professional first, outside Teams no
 * request goes to TeamsJS's CDN (and the console stays clean), and recording a serious worry or the
 * safety area's highest level in the tab shows the orosanmälan notice as the chat cards do. Found
 * later: a keystroke typed while a live refresh re-renders the field goes in where it was typed, and
 * the caret of a single-line field stays where it was.
 */
import assert from 'node:assert/strict';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import type { InformationCategory } from '../../src/domain/consent';
import { systemClock } from '../../src/domain/ports';
import sv from '../../src/i18n/sv.json';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';
import { areaHeading, choose, dropdownValue, eventually, textbox, type AppProcess } from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

describe('tab defects in the browser', function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  let db: TabWorld['db'];
  let app: AppProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('defects');
    ({ db, app, browser } = world);
  });

  after(async () => world?.close(contexts));

  async function newCase(categories: readonly InformationCategory[] = everyCategory): Promise<string> {
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const now = Date.now();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-socialtjansten'],
        informationCategories: [...categories],
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 90 * 86_400_000),
      },
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });
    return kase.id;
  }

  async function page(path: string, lang: 'sv' | 'en' = 'sv'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 420, height: 900 },
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${app.url}${path}`);
    return p;
  }

  const open = (caseId: string, who: Actor) => page(`/tab/sidepanel?caseId=${caseId}&persona=${who.objectId}&lang=sv`);

  it('shows the lead professional in a plan conflict by name, never by object id', async () => {
    const caseId = await newCase();
    const a = await open(caseId, anna);
    const b = await open(caseId, bo);
    await a.locator('#plan-reason').waitFor();
    await b.locator('#plan-childsWish').waitFor();
    await textbox(b, 'plan-childsWish').fill('Vill ha Anna');
    await choose(b, 'plan-lead', anna.objectId);
    await textbox(a, 'plan-reason').fill('Oro på rasterna');
    await a.locator('#plan-save').click();
    await a.locator('#plan-status').getByText('Planen är sparad (version 1).').waitFor();
    await b.locator('#plan-save').click();
    const conflict = b.locator('#plan-conflict');
    await conflict.waitFor();
    const text = await conflict.innerText();
    assert.ok(!text.includes(anna.objectId), `no object id in the conflict:\n${text}`);
    const mine = await conflict.locator('.mine').allInnerTexts();
    assert.ok(mine.includes('Anna Lind'), `the lead by name among "Din text": ${mine.join(' | ')}`);
  });

  it('keeps each keystroke in its place when a live refresh re-renders the field being typed in', async () => {
    const caseId = await newCase();
    // Bo's page can hold its animation frames: a re-rendered field's first frame then waits, so a
    // keystroke falls between the re-render and that frame, as a fast typist's can. The gate is put
    // in before the page's scripts load, so the components' own frames wait too.
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'sv-SE' });
    contexts.push(context);
    await context.addInitScript(`{
      const real = window.requestAnimationFrame.bind(window);
      const gate = (window.gate = { closed: false, held: [], typedIn: null });
      window.requestAnimationFrame = (run) => (gate.closed ? gate.held.push(run) : real(run));
    }`);
    const b = await context.newPage();
    await b.goto(`${app.url}/tab/sidepanel?caseId=${caseId}&persona=${bo.objectId}&lang=sv`);
    const a = await open(caseId, anna);
    await b.getByText(sv.tab.live).waitFor();
    await textbox(b, 'my-q-q1').focus();
    await b.keyboard.type('Svar med tangentbord');
    await b.evaluate(`gate.typedIn = document.getElementById('my-q-q1'); gate.closed = true;`);
    // Anna saves her answers: Bo's panel refreshes live and renders the field again.
    await textbox(a, 'my-q-q2').fill('Annas svar');
    await a.locator('#save-questions').click();
    await eventually(
      async () => (await b.evaluate(`document.getElementById('my-q-q1') !== gate.typedIn`)) === true,
      10_000,
      "Bo's panel re-rendered",
    );
    await b.keyboard.type('e');
    await b.evaluate(`gate.closed = false; for (const run of gate.held.splice(0)) run(performance.now());`);
    await b.keyboard.type('t');
    assert.equal(await textbox(b, 'my-q-q1').inputValue(), 'Svar med tangentbordet');
  });

  it('keeps the caret where it was in a single-line field when a live refresh re-renders it', async () => {
    const caseId = await newCase();
    const a = await open(caseId, anna);
    const b = await open(caseId, bo);
    await a.getByText(sv.tab.live).waitFor();
    await textbox(a, 'action-0-who').focus();
    await a.keyboard.type('Anna Lind');
    for (let i = 0; i < 'Lind'.length; i++) await a.keyboard.press('ArrowLeft');
    await a.evaluate(`window.typedIn = document.getElementById('action-0-who')`);
    // Bo saves his answers: Anna's panel refreshes live and renders the field again.
    await textbox(b, 'my-q-q1').fill('Bos svar');
    await b.locator('#save-questions').click();
    await eventually(
      async () => (await a.evaluate(`document.getElementById('action-0-who') !== window.typedIn`)) === true,
      10_000,
      "Anna's panel re-rendered",
    );
    await a.keyboard.type('K. ');
    assert.equal(await textbox(a, 'action-0-who').inputValue(), 'Anna K. Lind');
  });

  it('tells a unit whose consent covers part of the case why it has no plan form — not that the case lacks consent', async () => {
    const caseId = await newCase(['school-attendance-learning']);
    const p = await open(caseId, bo);
    await p.getByText(sv.plan.partialView).waitFor();
    assert.equal(await p.getByText(sv.plan.needsConsent).count(), 0);
  });

  it('lists each participant once, with all their roles', async () => {
    const caseId = await newCase();
    await repositoriesFor(db, anna, 'seed', systemClock).parties.addParty(caseId, {
      ...anna,
      role: 'lead-professional',
    });
    const p = await open(caseId, bo);
    await p.locator('.participants li').first().waitFor();
    const rows = await p.locator('.participants li').allInnerTexts();
    assert.equal(rows.filter((r) => r.includes('Anna Lind')).length, 1, `Anna once: ${rows.join(' | ')}`);
    const annaRow = rows.find((r) => r.includes('Anna Lind')) ?? '';
    assert.match(annaRow, new RegExp(sv.roles['lead-professional']));
    assert.match(annaRow, new RegExp(sv.roles.discoverer));
    assert.equal(rows.filter((r) => r.includes('Bo Ek')).length, 1);
  });

  it('offers a professional, not the admin, first on the development sign-in page', async () => {
    const p = await page('/tab/personal');
    await p.locator('#dev-persona').waitFor();
    const chosen = await dropdownValue(p, 'dev-persona');
    const { personas } = (await (await fetch(`${app.url}/api/tab/dev/personas`)).json()) as {
      personas: { objectId: string; roles: string[] }[];
    };
    assert.ok(
      personas.some((x) => x.roles.includes('admin')),
      'the list has an admin to avoid',
    );
    const picked = personas.find((x) => x.objectId === chosen);
    assert.ok(picked?.roles.includes('professional'), `default persona is a professional: ${JSON.stringify(picked)}`);
    assert.ok(!picked?.roles.includes('admin'));
  });

  it("outside Teams asks nothing of TeamsJS's CDN and logs no console error", async () => {
    const caseId = await newCase();
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'sv-SE' });
    contexts.push(context);
    const p = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    p.on('request', (r) => requests.push(r.url()));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    const views: [string, string][] = [
      ['personal?', '.case-list'],
      [`sidepanel?caseId=${caseId}&`, '#link-state'],
      [`stage?caseId=${caseId}&`, 'svg.wheel'],
      ['config?', '#config-case'],
    ];
    for (const [view, ready] of views) {
      await p.goto(`${app.url}/tab/${view}persona=${anna.objectId}&lang=sv`);
      await p.locator(ready).first().waitFor();
      await p.waitForLoadState('load');
    }
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(app.url)),
      [],
      'no request leaves the app',
    );
    assert.deepEqual(errors, [], 'no console error');
  });

  it("shows the orosanmälan notice when a serious worry or the safety area's highest level is recorded", async () => {
    const caseId = await newCase();
    const p = await open(caseId, anna);
    await areaHeading(p, 'trygghet').click();
    // A click in the open area off its fields (here: at its left edge, below the 44 px heading) leaves it open.
    await p.locator('.area[data-area="trygghet"]').click({ position: { x: 2, y: 60 } });
    assert.equal(await p.locator('.area[data-area="trygghet"]').getAttribute('expanded'), '');
    await choose(p, 'my-trygghet-level', 'significant');
    await textbox(p, 'my-trygghet-worries').fill('Rädd hemma');
    await p.locator('#save-trygghet').click();
    await p.locator('#trygghet-status').getByText('Sparat.').waitFor();
    const notice = p.locator('#trygghet-report-notice');
    await notice.waitFor();
    assert.ok((await notice.innerText()).includes(sv.report.notice), "the chat cards' notice text");
    assert.equal(await notice.getAttribute('role'), 'note');
    assert.ok(await p.getByRole('note', { name: sv.report.title }).isVisible(), 'an accessible, named message bar');

    // The plan: a need recorded at the highest level.
    await choose(p, 'need-trygghet-level', 'significant');
    await textbox(p, 'plan-reason').fill('Oro hemma');
    await p.locator('#plan-save').click();
    await p
      .locator('#plan-status')
      .getByText(/Planen är sparad/)
      .waitFor();
    await p.locator('#plan-report-notice').waitFor();
    assert.ok((await p.locator('#plan-report-notice').innerText()).includes(sv.report.notice));

    // A save without such a level shows no notice.
    const q = await open(await newCase(), anna);
    await areaHeading(q, 'trygghet').click();
    await choose(q, 'my-trygghet-level', 'none');
    await q.locator('#save-trygghet').click();
    await q.locator('#trygghet-status').getByText('Sparat.').waitFor();
    assert.equal(await q.locator('#trygghet-report-notice').count(), 0);
  });
});
