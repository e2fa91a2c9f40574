/**
 * The viewer's own answers to the five questions and views of the wheel, typed in the side panel and
 * not yet saved, survive a reload of the tab (Teams reloads a tab when one moves between meetings and
 * chats): kept in this browser per case and per user, put back as unsaved, forgotten part by part as
 * they are saved, and saved against the version they were typed on — a newer save made elsewhere in
 * between shows the conflict instead of being overwritten. Not in an anonymous consultation: its text is
 * never kept before the anonymity guard has seen it. A lens form's text is kept the same way. Driven in
 * Debian Chromium.
 */
import assert from 'node:assert/strict';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import { consulteeAddRule } from '../../src/domain/case';
import { systemClock } from '../../src/domain/ports';
import sv from '../../src/i18n/sv.json';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { childIdentity, consentFor } from '../support/world';
import { areaHeading, choose, dropdownValue, eventually, textbox, type AppProcess } from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

describe("the viewer's own unsaved answers and views in the tab (browser)", function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  let db: TabWorld['db'];
  let app: AppProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('own-draft');
    ({ db, app, browser } = world);
  });

  after(async () => world?.close(contexts));

  async function newConsultation(): Promise<string> {
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro på rasterna', tried: '' },
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'consultee' }, consulteeAddRule(bo, new Date()));
    return kase.id;
  }

  async function newCase(): Promise<string> {
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: childIdentity,
      consent: consentFor(['lunda-socialtjansten'], systemClock),
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });
    return kase.id;
  }

  /** One browser (one local storage) for the whole test, as one person's computer. */
  async function computer(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'sv-SE' });
    contexts.push(context);
    return context;
  }

  async function open(context: BrowserContext, caseId: string, who: Actor): Promise<Page> {
    const p = await context.newPage();
    await p.goto(`${app.url}/tab/sidepanel?caseId=${caseId}&persona=${who.objectId}&lang=sv`);
    await p.getByText(sv.tab.live).waitFor();
    return p;
  }

  /** Waits until the draft (kept a moment after the last keystroke) holds the text: reload then, not after a guessed delay. */
  async function kept(
    p: Page,
    caseId: string,
    who: Actor,
    text: string | null,
    form = 'assessmentDraft',
  ): Promise<void> {
    const key = `samsyn.${form}.${caseId}.${who.objectId}`;
    await eventually(
      async () => {
        const stored = (await p.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)) as string | null;
        return text === null ? stored === null : (stored ?? '').includes(text);
      },
      10_000,
      text === null ? 'the draft forgotten' : `the draft holding "${text}"`,
    );
  }

  const value = (p: Page, id: string) => textbox(p, id).inputValue();

  async function stored(caseId: string, who: Actor) {
    const rows = await db.query<{
      answers: Record<string, string>;
      areas: Record<string, { worries?: string }>;
      version: number;
    }>('SELECT answers, areas, version FROM assessment WHERE case_id = $1 AND author_object_id = $2', [
      caseId,
      who.objectId,
    ]);
    return rows.rows[0];
  }

  it('puts them back after a reload, unsaved, and forgets each part once it is saved', async () => {
    const caseId = await newCase();
    const bos = await computer();
    let p = await open(bos, caseId, bo);
    await textbox(p, 'my-q-q1').fill('Svaret som ska finnas kvar');
    await areaHeading(p, 'trygghet').click();
    await choose(p, 'my-trygghet-level', 'some');
    await textbox(p, 'my-trygghet-worries').fill('Orolig på rasterna');
    await kept(p, caseId, bo, 'Orolig på rasterna');

    await p.reload();
    await p.getByText(sv.tab.live).waitFor();
    await p.locator('#questions-status').getByText(sv.form.draftRestored).waitFor();
    assert.equal(await value(p, 'my-q-q1'), 'Svaret som ska finnas kvar');
    assert.equal(await p.locator('.area[data-area="trygghet"]').getAttribute('expanded'), '', 'the area is open');
    assert.equal(await dropdownValue(p, 'my-trygghet-level'), 'some');
    assert.equal(await value(p, 'my-trygghet-worries'), 'Orolig på rasterna');
    assert.equal(await stored(caseId, bo), undefined, 'nothing is saved by the reload');

    // Another user of the same computer does not get Bo's draft.
    const annas = await open(bos, caseId, anna);
    assert.equal(await value(annas, 'my-q-q1'), '');
    await annas.close();

    await p.locator('#save-questions').click();
    await p.locator('#questions-status').getByText('Sparat.').waitFor();
    assert.equal((await stored(caseId, bo))?.answers.q1, 'Svaret som ska finnas kvar');
    await eventually(
      async () =>
        !(
          (await p.evaluate(`localStorage.getItem('samsyn.assessmentDraft.${caseId}.${bo.objectId}')`)) as string
        ).includes('Svaret som ska finnas kvar'),
      10_000,
      'the saved answer dropped from the draft',
    );
    await kept(p, caseId, bo, 'Orolig på rasterna');

    await p.locator('#save-trygghet').click();
    await p.locator('#trygghet-status').getByText('Sparat.').waitFor();
    assert.equal((await stored(caseId, bo))?.areas.trygghet?.worries, 'Orolig på rasterna');
    await kept(p, caseId, bo, null);
    p = await open(bos, caseId, bo);
    assert.equal(
      await p.locator('#questions-status').getByText(sv.form.draftRestored).count(),
      0,
      'no draft to restore',
    );
  });

  it('keeps the last keystrokes when the tab is reloaded right after them', async () => {
    const caseId = await newCase();
    const bos = await computer();
    // The page's timers stand still: the draft's usual write a moment after the last keystroke never comes.
    await bos.clock.install();
    const p = await open(bos, caseId, bo);
    await textbox(p, 'my-q-q3').fill('Skrivet precis innan');
    // The page going away writes it.
    await p.reload();
    await p.getByText(sv.tab.live).waitFor();
    await p.locator('#questions-status').getByText(sv.form.draftRestored).waitFor();
    assert.equal(await value(p, 'my-q-q3'), 'Skrivet precis innan');
  });

  it("keeps both windows' unsaved text when the same case is open twice", async () => {
    const caseId = await newCase();
    const bos = await computer();
    const one = await open(bos, caseId, bo);
    const two = await open(bos, caseId, bo);
    await textbox(one, 'my-q-q1').fill('Skrivet i det första fönstret');
    await kept(one, caseId, bo, 'Skrivet i det första fönstret');
    await textbox(two, 'my-q-q4').fill('Skrivet i det andra fönstret');
    await kept(two, caseId, bo, 'Skrivet i det andra fönstret');
    await kept(two, caseId, bo, 'Skrivet i det första fönstret');
    await one.close();
    await two.reload();
    await two.getByText(sv.tab.live).waitFor();
    await two.locator('#questions-status').getByText(sv.form.draftRestored).waitFor();
    assert.equal(await value(two, 'my-q-q1'), 'Skrivet i det första fönstret');
    assert.equal(await value(two, 'my-q-q4'), 'Skrivet i det andra fönstret');
  });

  it("keeps a case's draft to that case when the personal tab opens another one in its place", async () => {
    const consented = await newCase();
    const anonymous = await newConsultation();
    const bos = await computer();
    const p = await bos.newPage();
    await p.goto(`${app.url}/tab/personal?persona=${bo.objectId}&lang=sv`);
    const entry = async (caseId: string) => {
      const reference = (
        await db.query<{ reference: string }>('SELECT reference FROM child_case WHERE id = $1', [caseId])
      ).rows[0]?.reference;
      return p.locator('.case-list li', { hasText: sv.case.title.replace('{{reference}}', reference ?? '') });
    };
    await (await entry(consented)).locator('.case-open').click();
    await textbox(p, 'my-q-q1').fill('Om det samtyckta ärendet');
    await kept(p, consented, bo, 'Om det samtyckta ärendet');
    await (await entry(anonymous)).locator('.case-open').click();
    await p.locator('#case-detail').getByText(sv.tab.anonymousNotice).waitFor();
    await textbox(p, 'my-q-q1').fill('Om den anonyma konsultationen');
    await p.waitForTimeout(1_000);
    const stored = (await p.evaluate('JSON.stringify(localStorage)')) as string;
    assert.ok(!stored.includes('Om den anonyma konsultationen'), `the consultation's text is kept nowhere: ${stored}`);
    assert.ok(stored.includes('Om det samtyckta ärendet'), "the consented case's draft is still there");
  });

  it('drops drafts older than a week of any case when the tab starts, and keeps newer ones', async () => {
    const caseId = await newCase();
    const bos = await computer();
    const p = await open(bos, caseId, bo);
    const old = `samsyn.planDraft.00000000-0000-4000-8000-000000000001.${bo.objectId}`;
    const recent = `samsyn.lensDraft.00000000-0000-4000-8000-000000000002.${bo.objectId}`;
    const entry = (daysAgo: number) =>
      JSON.stringify({ base: 0, draft: {}, savedAt: Date.now() - daysAgo * 86_400_000 });
    await p.evaluate(
      `localStorage.setItem(${JSON.stringify(old)}, ${JSON.stringify(entry(8))}); localStorage.setItem(${JSON.stringify(recent)}, ${JSON.stringify(entry(6))})`,
    );
    await p.reload();
    await p.getByText(sv.tab.live).waitFor();
    assert.equal(await p.evaluate(`localStorage.getItem(${JSON.stringify(old)})`), null, 'the week-old draft is gone');
    assert.notEqual(await p.evaluate(`localStorage.getItem(${JSON.stringify(recent)})`), null, 'the newer one stays');
  });

  it('saves a restored draft against the version it was typed on: a save made elsewhere in between is shown, not overwritten', async () => {
    const caseId = await newCase();
    const bos = await computer();
    const p = await open(bos, caseId, bo);
    await textbox(p, 'my-q-q2').fill('Skrivet i fliken');
    await kept(p, caseId, bo, 'Skrivet i fliken');
    await p.close();
    // Meanwhile Bo answers from the chat card on another device (seeded through the repository).
    await repositoriesFor(db, bo, 'seed', systemClock).assessments.saveAssessment(
      caseId,
      { answers: { q2: 'Skrivet i chatten' }, areas: {} },
      0,
      () => undefined,
    );

    const again = await open(bos, caseId, bo);
    await again.locator('#questions-status').getByText(sv.form.draftRestored).waitFor();
    assert.equal(await value(again, 'my-q-q2'), 'Skrivet i fliken');
    await again.locator('#save-questions').click();
    const conflict = again.locator('#questions-conflict');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /Skrivet i chatten[\s\S]*Skrivet i fliken/);
    assert.equal((await stored(caseId, bo))?.answers.q2, 'Skrivet i chatten', 'the newer save stands');
  });

  it('keeps nothing of an anonymous consultation in the browser: its text has not been through the anonymity guard', async () => {
    const caseId = await newConsultation();
    const bos = await computer();
    const p = await open(bos, caseId, bo);
    await textbox(p, 'my-q-q1').fill('Kim 150412-1234 är orolig');
    await textbox(p, 'my-q-q2').fill('Mer text');
    // Longer than the draft's wait after a keystroke: a draft would have been kept by now.
    await p.waitForTimeout(1_500);
    assert.equal(await p.evaluate('localStorage.length'), 0, 'nothing in local storage');
    await p.reload();
    await p.getByText(sv.tab.live).waitFor();
    assert.equal(await value(p, 'my-q-q1'), '');
  });

  it("keeps a lens form's unsaved text the same way", async () => {
    const caseId = await newCase();
    const bos = await computer();
    let p = await open(bos, caseId, bo);
    await choose(p, 'lens-use-my-world-triangle', 'yes');
    await p.locator('#save-lens-choice').click();
    const field = 'lens-my-world-triangle-how-i-grow-strengths';
    await p.locator(`#${field}`).waitFor();
    await textbox(p, field).fill('Läser gärna serier');
    await kept(p, caseId, bo, 'Läser gärna serier', 'lensDraft');

    await p.reload();
    await p.getByText(sv.tab.live).waitFor();
    await p.locator('#lens-my-world-triangle-status').getByText(sv.form.draftRestored).waitFor();
    assert.equal(await value(p, field), 'Läser gärna serier');
    await p.locator('#save-lens-my-world-triangle').click();
    await p.locator('#lens-my-world-triangle-status').getByText('Sparat').waitFor();
    const lens = await db.query<{ content: Record<string, { sides: Record<string, { strengths: string }> }> }>(
      'SELECT content FROM case_lens WHERE case_id = $1',
      [caseId],
    );
    assert.equal(lens.rows[0]?.content['my-world-triangle']?.sides['how-i-grow']?.strengths, 'Läser gärna serier');
    await kept(p, caseId, bo, null, 'lensDraft');
    p = await open(bos, caseId, bo);
    assert.equal(await value(p, field), 'Läser gärna serier', 'the saved text, with no draft over it');
  });
});
