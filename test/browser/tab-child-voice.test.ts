/**
 * The child's view in the tab, in Debian Chromium against a running Samsyn (local mode, development
 * personas), issue 18 item 3: Anna opens it from the side panel of a consented case and fills it in
 * with the child — a face per area (by click and by arrow keys), the child's words, who they want as
 * lead professional — and a guardian's view below; it is stored with Anna as the one who entered it.
 * The stage shows the child's rating beside the plan's level. The child's view has no serious
 * axe-core violation in the Teams light, dark and high-contrast themes. A plan saved in the side panel
 * with a lead other than the child's wish asks the reason, and the recorded reason is shown in the
 * plan form and on the stage.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import type { PlanContent } from '../../src/domain/plan';
import { planWriteRule } from '../../src/domain/plan';
import { systemClock } from '../../src/domain/ports';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { consentFor } from '../support/world';
import { choose, describeViolations, resultsDir, seriousViolations, textbox, type AppProcess } from './support';
import { startTabWorld, type TabWorld } from './tab-world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

function plan(lead: Actor): PlanContent {
  return {
    reason: 'Oro för kvällarna',
    needs: [{ areaId: 'trygghet', need: 'En trygg vuxen på kvällen', childView: '', guardianView: '', level: 'some' }],
    goals: [],
    actions: [],
    childsWishForLead: 'Bo',
    leadProfessional: { ...lead, orgUnitId: lead.orgUnitId },
    followUpDate: null,
    disagreements: '',
    consentId: null,
    recipients: [],
  };
}

describe("the child's view in the tab (browser)", function () {
  this.timeout(180_000);
  let world: TabWorld | undefined;
  let db: TabWorld['db'];
  let app: AppProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    world = await startTabWorld('voice');
    ({ db, app, browser } = world);
  });

  after(async () => world?.close(contexts));

  async function open(view: string, caseId: string, who: Actor, theme = 'default'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: view === 'sidepanel' ? 420 : 1280, height: 900 },
      locale: 'sv-SE',
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${app.url}/tab/${view}?caseId=${caseId}&persona=${who.objectId}&lang=sv&theme=${theme}`);
    return p;
  }

  /** Anna's consented case with Bo as a party; the guardians' consent covers social services for everything. */
  async function consentedCase(guardians: { name: string }[]) {
    const repos = repositoriesFor(db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians },
      consent: consentFor(['lunda-socialtjansten'], systemClock, 90),
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });
    return { repos, kase };
  }

  it('is filled in with the child from the side panel, stored as entered by Anna, shown on the stage, axe-clean', async () => {
    const { repos, kase } = await consentedCase([{ name: 'Vera' }, { name: 'Ali' }]);
    await repos.plans.savePlan(kase.id, plan(anna), false, 0, planWriteRule(plan(anna), false));

    const panel = await open('sidepanel', kase.id, anna);
    await panel.locator('#open-child-view').click();
    const p = panel;
    await p.locator('main.child-voice').waitFor();
    assert.match(p.url(), /\/tab\/child\?caseId=/);

    // A face by click (its label is the touch target) and one by the arrow keys.
    await p.locator('label[for="voice-child-area-utveckling-happy"]').click();
    await p.locator('#voice-child-area-trygghet-happy').focus();
    await p.keyboard.press('ArrowRight');
    assert.ok(await p.locator('#voice-child-area-trygghet-so-so').isChecked(), 'the arrow key moved to the next face');
    await p.locator('.voice-child [data-area="trygghet"] summary').click();
    await textbox(p, 'voice-child-trygghet-hard').fill('Det är bråk på kvällarna');
    await textbox(p, 'voice-child-good').fill('Fotbollen');
    await choose(p, 'voice-child-lead', bo.objectId);
    await p.locator('#voice-child-save').click();
    await p.locator('#voice-child-status').getByText('Sparat').waitFor();

    await p.locator('label[for="voice-guardian-1-area-trygghet-sad"]').click();
    await p.locator('#voice-guardian-1-save').click();
    await p.locator('#voice-guardian-1-status').getByText('Sparat').waitFor();
    await p.screenshot({ path: path.join(resultsDir, 'tab-child-voice.png'), fullPage: true });
    // Teams has no back button in a tab: the page's own link returns to the case's panel.
    await p.locator('#child-view-back').click();
    await p.locator('#open-child-view').waitFor();
    assert.match(p.url(), /\/tab\/sidepanel\?caseId=/);

    const rows = await db.query<{ speaker: string; entered_by_object_id: string; content: Record<string, unknown> }>(
      'SELECT speaker, entered_by_object_id, content FROM case_voice WHERE case_id = $1 ORDER BY speaker',
      [kase.id],
    );
    assert.deepEqual(
      rows.rows.map((r) => [r.speaker, r.entered_by_object_id]),
      [
        ['child', anna.objectId],
        ['guardian-1', anna.objectId],
      ],
    );
    assert.deepEqual(rows.rows[0]?.content, {
      areas: {
        utveckling: { rating: 'happy', good: '', hard: '', wish: '' },
        trygghet: { rating: 'so-so', good: '', hard: 'Det är bråk på kvällarna', wish: '' },
      },
      words: { good: 'Fotbollen', hard: '', wish: '' },
      wishedLead: { tenantId: bo.tenantId, objectId: bo.objectId, displayName: bo.displayName },
    });

    const stage = await open('stage', kase.id, bo);
    const badge = stage.locator('.plan-summary .child-rating');
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim(), 'Barnet: Sådär');

    for (const theme of ['default', 'dark', 'contrast']) {
      const page = await open('child', kase.id, anna, theme);
      await page.locator('#voice-child-save').waitFor();
      const found = await seriousViolations(page);
      assert.deepEqual(found, [], `the child's view (${theme}):\n${describeViolations(found)}`);
    }
  });

  it("records the reason for a lead other than the child's wish in the plan form and shows it there and on the stage", async () => {
    const { repos, kase } = await consentedCase([{ name: 'Vera' }]);
    // The child wished for Bo, and Bo is the lead: no reason is needed or shown yet.
    await repos.plans.savePlan(kase.id, plan(bo), false, 0, planWriteRule(plan(bo), false));
    await repos.voices.saveVoice(
      kase.id,
      'child',
      {
        areas: {},
        words: { good: '', hard: '', wish: '' },
        wishedLead: { tenantId: bo.tenantId, objectId: bo.objectId, displayName: bo.displayName },
      },
      0,
      [],
    );

    const p = await open('sidepanel', kase.id, anna);
    await p.locator('#plan-lead').waitFor();
    assert.equal(await p.locator('#plan-leadReason-recorded').count(), 0, 'no reason while the lead is the wish');
    await choose(p, 'plan-lead', anna.objectId);
    await p.locator('#plan-save').click();
    // Without a reason the save is refused at the reason's field, and nothing is lost.
    await p.locator('#plan-status').getByText('Något behöver rättas – se meddelandena vid fälten.').waitFor();
    await textbox(p, 'plan-leadReason').fill('Bo är föräldraledig i vår');
    await p.locator('#plan-save').click();
    await p
      .locator('#plan-status')
      .getByText(/Planen är sparad \(version 2\)/)
      .waitFor();
    const recorded = p.locator('#plan-leadReason-recorded');
    await recorded.waitFor();
    assert.equal(
      (await recorded.innerText()).trim(),
      'Antecknat skäl till att samordningspersonen inte är den barnet önskade: Bo är föräldraledig i vår',
    );
    const events = await db.query<{ detail: { reason: string } }>(
      "SELECT detail FROM case_event WHERE case_id = $1 AND type = 'lead.againstChildsWish'",
      [kase.id],
    );
    assert.deepEqual(
      events.rows.map((r) => r.detail.reason),
      ['Bo är föräldraledig i vår'],
    );

    const stage = await open('stage', kase.id, bo);
    const onStage = stage.locator('.plan-summary .recorded-lead-reason');
    await onStage.waitFor();
    assert.match(await onStage.innerText(), /Bo är föräldraledig i vår/);
  });
});
