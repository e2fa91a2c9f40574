/**
 * A group consultation in the tab, in Debian Chromium against a running Samsyn (local mode,
 * development personas): the consultee finds it in the personal tab as a group consultation and opens
 * it — the group as described from the lists, the wheel worded for the group (the children's own
 * view), the advice and the actions for the group where a case has its plan; saves the group's view
 * of an area; the stage shows the group and its actions (in English). axe-core clean in every Teams
 * theme, and nothing that identifies a child on any of it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import { consulteeAddRule } from '../../src/domain/case';
import { systemClock } from '../../src/domain/ports';
import { repositoriesFor } from '../../src/storage/repositories';
import sv from '../../src/i18n/sv.json';
import en from '../../src/i18n/en.json';
import { persona } from '../support/personas';
import {
  areaHeading,
  describeViolations,
  eventually,
  resultsDir,
  seriousViolations,
  textbox,
  type AppProcess,
} from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

describe('a group consultation in the tab (browser)', function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  let db: TabWorld['db'];
  let app: AppProcess;
  let browser: Browser;
  let caseId: string;
  let reference: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('group');
    ({ db, app, browser } = world);
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'anonymous',
      details: {
        worryAreas: ['trygghet'],
        observations: 'Oroligt i gruppen efter rasterna',
        tried: 'Fasta platser',
        group: { setting: 'class', sizeBand: '20-29', ageBand: '10-12' },
        groupActions: ['Tydligare struktur vid övergångar'],
      },
    });
    caseId = kase.id;
    reference = kase.reference;
    await repos.parties.addParty(caseId, { ...bo, role: 'consultee' }, consulteeAddRule(bo, new Date()));
    await repositoriesFor(db, bo, 'seed', systemClock).assessments.saveAssessment(
      caseId,
      { answers: { 'next-steps': 'Handledning för arbetslaget' }, areas: {} },
      0,
      () => undefined,
    );
  });

  after(async () => world?.close(contexts));

  async function open(view: string, who: Actor, lang: 'sv' | 'en', theme = 'default'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: view === 'stage' ? 1280 : 420, height: 900 },
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${app.url}/tab/${view}?caseId=${caseId}&persona=${who.objectId}&lang=${lang}&theme=${theme}`);
    return p;
  }

  it('the consultee opens it from the personal tab: the group, the wheel for the group, the advice and the actions', async () => {
    const p = await open('personal', bo, 'sv');
    const entry = p.locator('.case-list li', { hasText: sv.case.title.replace('{{reference}}', reference) });
    assert.match(await entry.innerText(), new RegExp(sv.group.kind), 'listed as a group consultation');
    await entry.locator('.case-open').click();
    await p.locator('#group-description').getByText('Klass, 20-29 barn, 10-12 år').waitFor();
    const panel = await p.locator('#case-detail').innerText();
    for (const expected of [sv.tab.group.notice, sv.group.wheelIntro])
      assert.ok(panel.includes(expected), `expected "${expected}" in the panel`);
    const advice = textbox(p, 'my-q-next-steps');
    await eventually(async () => (await advice.inputValue()) === 'Handledning för arbetslaget', 5_000, 'the advice');
    assert.equal(await advice.inputValue(), 'Handledning för arbetslaget', 'the advice');
    const actions = p.locator('#group-actions');
    assert.deepEqual(await actions.locator('li').allInnerTexts(), ['Tydligare struktur vid övergångar']);
    assert.ok(!panel.includes(sv.plan.needsConsent), 'no plan asked of a group');
    // The group's own view of an area, under the children's own view as the group words it.
    await areaHeading(p, 'trygghet').click();
    await p
      .locator('#my-trygghet-childView')
      .getByRole('textbox', { name: sv.group.childView })
      .fill('Barnen säger att rasterna är för långa');
    await p.locator('#save-trygghet').click();
    await p.locator('#trygghet-status').getByText(sv.tab.saved).waitFor();
    const stored = await db.query<{ areas: Record<string, { childView: string }> }>(
      'SELECT areas FROM assessment WHERE case_id = $1 AND author_object_id = $2',
      [caseId, bo.objectId],
    );
    assert.equal(stored.rows[0]?.areas.trygghet?.childView, 'Barnen säger att rasterna är för långa');
    await p.screenshot({ path: path.join(resultsDir, 'tab-group-consultation.png'), fullPage: true });
  });

  it('the stage shows the group and its actions beside the wheel, in English', async () => {
    const stage = await open('stage', anna, 'en');
    await stage.locator('#group-actions').waitFor();
    const text = await stage.locator('main').innerText();
    for (const expected of [
      'Class, 20-29 children, 10-12 years',
      en.group.actionsTitle,
      'Tydligare struktur vid övergångar',
    ])
      assert.ok(text.includes(expected), `expected "${expected}" on the stage:\n${text}`);
  });

  it('the side panel and the stage of a group consultation are axe-core clean in every Teams theme', async () => {
    for (const theme of ['default', 'dark', 'contrast'])
      for (const [view, ready] of [
        ['sidepanel', '#group-actions'],
        ['stage', '#group-actions'],
      ] as const) {
        const page = await open(view, bo, 'sv', theme);
        await page.locator(ready).waitFor();
        const found = await seriousViolations(page);
        assert.deepEqual(found, [], `${view} of a group (${theme}):\n${describeViolations(found)}`);
      }
  });
});
