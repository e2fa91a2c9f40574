/**
 * The meeting tab in Debian Chromium against two running Samsyn instances on one PostgreSQL (local
 * mode, development personas): Anna (Swedish) on instance 1 and Bo (English) on instance 2 co-edit
 * the wheel and the plan; a concurrent edit shows both texts; Anna agrees the plan and the bot's post
 * reaches the plan channel (Graph stand-in + connector stand-in). axe-core checks every view;
 * screenshots of side panel and stage land in test-results/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../src/domain/actor';
import { systemClock } from '../../src/domain/ports';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { consulteeAddRule } from '../../src/domain/case';
import { repositoriesFor } from '../../src/storage/repositories';
import { rememberTeamsUser } from '../../src/storage/user-preferences';
import { chromiumArgs, chromiumPath } from '../e2e/support/harness';
import { startConnectorStandIn } from '../support/connector-standin';
import { openPostgresTestDatabase } from '../support/databases';
import {
  accessibleDescription,
  areaHeading,
  choose,
  describeViolations,
  eventually,
  dropdownValue,
  resultsDir,
  seriousViolations,
  startAppProcess,
  textbox,
  type AppProcess,
} from './support';
import { persona } from '../support/personas';
import sv from '../../src/i18n/sv.json';
import { everyCategory } from '../support/world';

/** The themes Teams reports (app.getContext().app.theme); outside Teams the tab takes ?theme=. */
const themes = ['default', 'dark', 'contrast'] as const;
type Theme = (typeof themes)[number];

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');
const maja = persona('Maja Nord');
const eva = persona('Eva Strand');

describe('meeting tab in the browser: co-editing across two instances, conflict, plan, stage, accessibility', function () {
  this.timeout(240_000);
  let db: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>>;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let one: AppProcess;
  let two: AppProcess;
  let browser: Browser;
  let dir: string;
  let caseId: string;
  let otherCaseId: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-browser-'));
    const caPemPath = path.join(dir, 'ca.pem');
    db = await openPostgresTestDatabase();
    standIn = await startGraphStandIn({
      port: 0,
      caPemPath,
      directoryPath: DEVELOPMENT_DIRECTORY,
      planTeamId: 'samsyn-dev-team',
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 50 },
    });
    connector = await startConnectorStandIn();
    const env = {
      DATABASE_URL: db.url,
      GRAPH_BASE_URL: standIn.url,
      NODE_EXTRA_CA_CERTS: caPemPath,
      PLAN_TEAM_ID: 'samsyn-dev-team',
    };
    [one, two] = await Promise.all([startAppProcess('instance-1', env), startAppProcess('instance-2', env)]);

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
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...bo, role: 'participant' });
    // A case Bo is not part of (he must get "not found" for it).
    otherCaseId = (
      await repositoriesFor(db, cecilia, 'seed', systemClock).cases.createCase({
        kind: 'anonymous',
        details: { worryAreas: ['halsa'], observations: 'Trött', tried: '' },
      })
    ).id;
    // Four consultations raised by Bo's unit this month: the manager's statistics must show "<5".
    const boRepos = repositoriesFor(db, bo, 'seed', systemClock);
    for (let i = 0; i < 4; i++) {
      const c = await boRepos.cases.createCase({
        kind: 'anonymous',
        details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      });
      // One of them consulted Cecilia's unit: the consulted units' table shows it as "<5".
      if (i === 0)
        await boRepos.parties.addParty(c.id, { ...cecilia, role: 'consultee' }, consulteeAddRule(cecilia, new Date()));
    }
    // A consultation Cecilia (BVC) advised on, then converted with a consent that does not cover BVC: she
    // keeps it frozen in her personal tab (issue 17, item 5).
    const consultation = await repos.cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Orolig på morgonen', tried: '' },
    });
    await repos.parties.addParty(
      consultation.id,
      { ...cecilia, role: 'consultee' },
      consulteeAddRule(cecilia, new Date()),
    );
    const advice = { answers: { q1: 'Prata med skolsköterskan', 'next-steps': 'Ett gemensamt möte' }, areas: {} };
    await repositoriesFor(db, cecilia, 'seed', systemClock).assessments.saveAssessment(
      consultation.id,
      advice,
      0,
      () => undefined,
    );
    await repos.cases.convertToConsented(
      consultation.id,
      {
        child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
        consent: {
          givenBy: [{ kind: 'guardian', name: 'Vera' }],
          orgUnitIds: ['lunda-socialtjansten'],
          informationCategories: everyCategory,
          purpose: 'Samverkan',
          validFrom: new Date(now - 1000),
          validTo: new Date(now + 90 * 86_400_000),
        },
      },
      (await repos.cases.getCase(consultation.id)).version,
    );
    // The bot learns the connector's service URL from incoming activities; here: the connector stand-in.
    await rememberTeamsUser(db, anna.tenantId, anna.objectId, '29:anna', connector.url, new Date());

    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await connector?.close();
    await standIn?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    app: AppProcess,
    view: string,
    who: Actor,
    lang: 'sv' | 'en',
    id = caseId,
    theme?: Theme,
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: view === 'stage' ? 1280 : 420, height: 900 },
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(
      `${app.url}/tab/${view}?caseId=${id}&persona=${who.objectId}&lang=${lang}${theme ? `&theme=${theme}` : ''}`,
    );
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(resultsDir, `tab-${name}.png`), fullPage: true });

  it('co-edits the wheel across two instances, shows a conflict with both texts, agrees the plan and posts it', async () => {
    const a = await open(one, 'sidepanel', anna, 'sv');
    const b = await open(two, 'sidepanel', bo, 'en');
    await a.getByText('Uppdateras direkt').waitFor();
    await b.getByText('Updates live').waitFor();

    // The participant list with organisations, visible to all.
    const participantsB = await b.locator('.participants').innerText();
    assert.match(participantsB, /Anna Lind – Norrskolan/);
    assert.match(participantsB, /Bo Ek – Socialtjänsten/);

    // Anna (instance 1) writes her view of an area; Bo (instance 2) sees it.
    // Areas nobody has written about yet are collapsed (narrow side panel); open one by keyboard.
    assert.equal(await b.locator('.area[data-area="trygghet"]').getAttribute('expanded'), null);
    await areaHeading(a, 'trygghet').focus();
    await a.keyboard.press('Enter');
    await choose(a, 'my-trygghet-level', 'some');
    await textbox(a, 'my-trygghet-strengths').fill('Trygg med mentorn');
    await textbox(a, 'my-trygghet-worries').fill('Rädd på rasterna');
    const saved = Date.now();
    await a.locator('#save-trygghet').click();
    await a.locator('#trygghet-status').getByText('Sparat.').waitFor();
    const othersB = b.locator('.area[data-area="trygghet"] .others');
    await othersB.getByText('Trygg med mentorn').waitFor({ timeout: 5_000 });
    console.log(`      co-edit visible on the other instance after ${Date.now() - saved} ms`);
    assert.match(await othersB.innerText(), /Anna Lind, Norrskolan/);
    assert.match(await othersB.innerText(), /Some worry/, "the level in the viewer's language");

    // Both write the plan's need for the same area at the same time.
    await a.locator('#need-trygghet-need').waitFor();
    await b.locator('#need-trygghet-need').waitFor();
    await textbox(b, 'need-trygghet-need').fill('B: skolskjuts och en trygg vuxen');
    await choose(b, 'need-trygghet-level', 'some');
    await textbox(a, 'need-trygghet-need').fill('A: en trygg vuxen varje morgon');
    await a.locator('#plan-save').click();
    await a.locator('#plan-status').getByText('Planen är sparad (version 1).').waitFor();
    // Bo's page refreshes live but keeps what he is typing; his save then meets Anna's version.
    await b.getByText('Version 1, saved by Anna Lind').waitFor({ timeout: 5_000 });
    assert.equal(await textbox(b, 'need-trygghet-need').inputValue(), 'B: skolskjuts och en trygg vuxen');
    assert.equal(await dropdownValue(b, 'need-trygghet-level'), 'some', 'and what he chose');
    await b.locator('#plan-save').click();
    const conflict = b.locator('#plan-conflict');
    await conflict.waitFor();
    assert.match(
      await conflict
        .locator('.theirs')
        .allInnerTexts()
        .then((t) => t.join('\n')),
      /A: en trygg vuxen varje morgon/,
    );
    assert.match(
      await conflict
        .locator('.mine')
        .allInnerTexts()
        .then((t) => t.join('\n')),
      /B: skolskjuts och en trygg vuxen/,
    );
    assert.equal(
      await textbox(b, 'need-trygghet-need').inputValue(),
      'B: skolskjuts och en trygg vuxen',
      'nothing typed is lost',
    );
    await shot(b, 'sidepanel-conflict');
    await b.locator('#plan-keep-mine').click();
    await b.locator('#plan-status').getByText('The plan is saved (version 2).').waitFor();
    // Anna had no unsaved edits: her form follows Bo's version.
    await eventually(
      async () => (await textbox(a, 'need-trygghet-need').inputValue()) === 'B: skolskjuts och en trygg vuxen',
      5_000,
    );

    // Anna completes and agrees the plan (the child's wish before the lead).
    await textbox(a, 'plan-reason').fill('Hög frånvaro och oro på rasterna');
    await textbox(a, 'action-0-what').fill('Morgonsamtal med mentor');
    await textbox(a, 'action-0-who').fill('Mentor');
    await choose(a, 'action-0-unit', 'lunda-norrskolan');
    await a.locator('#action-0-byWhen').fill('2027-01-15');
    await textbox(a, 'action-0-how').fill('Närvaron ökar');
    assert.equal(
      await a.locator('#plan-lead').getByRole('combobox').isDisabled(),
      true,
      "the lead waits for the child's wish",
    );
    await textbox(a, 'plan-childsWish').fill('Vill ha Anna');
    await choose(a, 'plan-lead', anna.objectId);
    await a.locator('#plan-followUp').fill('2027-02-01');
    await a.locator('#plan-agree').click();
    await a
      .locator('#plan-status')
      .getByText(/Planen är godkänd \(version 3\)/)
      .waitFor();
    await shot(a, 'sidepanel');

    // The post reaches the plan channel: created in the Graph stand-in, posted through the connector.
    const until = Date.now() + 30_000;
    while (!connector.calls.some((c) => c.method === 'POST') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    const posts = connector.calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 1, 'the plan is posted once');
    assert.ok(
      standIn.requests().some((r) => r.method === 'POST' && r.url === '/v1.0/teams/samsyn-dev-team/channels'),
      'the plan channel was created',
    );
    const everything = JSON.stringify(posts) + JSON.stringify(standIn.requests().map((r) => r.body));
    for (const secret of ['Kim', 'Testsson', '2015-04-12'])
      assert.ok(!everything.includes(secret), `no ${secret} sent outside`);

    // The stage: the wheel as a picture (trygghet coloured by level) and the plan, large.
    const stage = await open(one, 'stage', bo, 'sv');
    await stage.locator('svg.wheel').waitFor();
    assert.equal(
      await stage.locator('svg.wheel path[data-area="trygghet"]').getAttribute('class'),
      'segment level-some',
    );
    assert.match(await stage.locator('.plan-summary').innerText(), /Morgonsamtal med mentor/);
    assert.match(
      (await stage.locator('svg.wheel').textContent()) ?? '',
      /Trygghet.*Viss oro/s,
      "labels and levels in the viewer's language",
    );
    await shot(stage, 'stage');
  });

  it('has no serious or critical axe-core violations on any view, in Swedish and English, in the Teams light, dark and high-contrast themes; screenshots in light and dark', async () => {
    const views: [string, Actor, 'sv' | 'en', string][] = [
      ['sidepanel', bo, 'en', '#link-state'],
      ['sidepanel', anna, 'sv', '#link-state'],
      ['stage', anna, 'sv', 'svg.wheel'],
      ['personal', anna, 'sv', '.case-list'],
      ['channel', bo, 'en', '.plan-summary'],
      ['config', anna, 'sv', '#config-case'],
    ];
    for (const theme of themes) {
      for (const [view, who, lang, ready] of views) {
        const page = await open(one, view, who, lang, caseId, theme);
        await page.locator(ready).first().waitFor();
        assert.equal(
          await page.evaluate('document.documentElement.dataset.theme'),
          theme === 'default' ? 'light' : theme,
          'the theme is applied',
        );
        const violations = await seriousViolations(page);
        assert.equal(violations.length, 0, `${view} (${lang}, ${theme}):\n${describeViolations(violations)}`);
        if (theme !== 'contrast' && lang === 'sv')
          await shot(page, `${view}-${theme === 'default' ? 'light' : 'dark'}`);
        await page.context().close();
      }
      // The consultation frozen at conversion, as the consultee whose unit the consent does not cover sees it.
      const frozen = await open(one, 'personal', cecilia, 'sv', caseId, theme);
      await frozen.locator('#frozen-list-heading').waitFor();
      await frozen.locator('nav[aria-labelledby="frozen-list-heading"] fluent-button').first().click();
      await frozen.locator('#frozen-heading').waitFor();
      assert.match(await frozen.locator('article.frozen').innerText(), /Ett gemensamt möte/);
      assert.doesNotMatch(await frozen.locator('article.frozen').innerText(), /Kim Testsson/);
      const frozenViolations = await seriousViolations(frozen);
      assert.equal(
        frozenViolations.length,
        0,
        `the frozen consultation (${theme}):\n${describeViolations(frozenViolations)}`,
      );
      if (theme !== 'contrast') await shot(frozen, `frozen-consultation-${theme === 'default' ? 'light' : 'dark'}`);
      await frozen.context().close();
      const signIn = await (await browser.newContext()).newPage();
      await signIn.goto(`${one.url}/tab/personal?theme=${theme}`);
      await signIn.locator('#dev-persona').waitFor();
      const violations = await seriousViolations(signIn);
      assert.equal(violations.length, 0, `the development sign-in page (${theme}):\n${describeViolations(violations)}`);
      await signIn.context().close();
    }
  });

  it('is operable by keyboard alone: a save with Tab and Enter, with a visible focus', async () => {
    const page = await open(two, 'sidepanel', bo, 'sv');
    await page.getByText('Uppdateras direkt').waitFor();
    await page.locator('#my-q-q1').focus();
    await page.keyboard.type('Svar med tangentbordet');
    // Tab to the save button of the questions (past the other answers) and press Enter.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.id')) === 'save-questions') break;
    }
    assert.equal(await page.evaluate('document.activeElement?.id'), 'save-questions');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    await page.locator('#questions-status').getByText('Sparat.').waitFor();
    const stored = await db.query<{ answers: Record<string, string> }>(
      'SELECT answers FROM assessment WHERE case_id = $1 AND author_object_id = $2',
      [caseId, bo.objectId],
    );
    assert.equal(stored.rows[0]?.answers.q1, 'Svar med tangentbordet');

    // A dropdown by keyboard (the settings page: no live refresh): Enter opens the list, an arrow moves
    // to the first case, Enter chooses it and closes the list.
    const settings = await open(one, 'config', anna, 'sv');
    const chooser = settings.locator('#config-case').getByRole('combobox');
    await chooser.focus();
    await settings.keyboard.press('Enter');
    await eventually(async () => (await chooser.getAttribute('aria-expanded')) === 'true', 2_000);
    await settings.keyboard.press('ArrowDown');
    await settings.keyboard.press('Enter');
    await eventually(async () => (await chooser.getAttribute('aria-expanded')) === 'false', 2_000);
    assert.equal(await dropdownValue(settings, 'config-case'), caseId);
    assert.match(await chooser.innerText(), /Ärende \d{4}-/, 'the chosen case is shown');
  });

  it('offers the manager statistics (small cells suppressed, chart, CSV), the log reviewer the audit export, and a party the family PDF', async () => {
    const manager = await open(one, 'personal', maja, 'sv');
    await manager.locator('#stats-show').click();
    const consultations = manager.locator('table.report').first();
    await consultations.waitFor();
    const month = new Date().toISOString().slice(0, 7);
    const row = await consultations.locator('tbody tr', { hasText: month }).innerText();
    assert.match(row, /<5/, 'four anonymous consultations are shown as <5');
    assert.doesNotMatch(row, /\b4\b/, 'the count itself is not shown');
    assert.ok(
      (await manager.locator('svg.chart rect.bar.suppressed').count()) > 0,
      'the chart marks the suppressed cell',
    );
    const consulted = manager.locator('table.report', { hasText: sv.reports.sections.consulteeUnits });
    assert.match(await consulted.locator('tbody tr').first().innerText(), /<5\s+<5/, 'one child and group, both "<5"');
    assert.equal((await seriousViolations(manager)).length, 0, 'statistics view is accessible');
    const [csv] = await Promise.all([manager.waitForEvent('download'), manager.locator('#stats-csv').click()]);
    const csvText = fs.readFileSync((await csv.path()) as string, 'utf8');
    assert.match(csvText, /<5/);
    assert.doesNotMatch(csvText, /2026-\d{4}|Kim|Testsson/, 'no case reference or child in the CSV');

    const reviewer = await open(one, 'personal', eva, 'sv');
    await choose(reviewer, 'audit-kind', 'userId');
    // Without an id: the message under the field is the text box's description, and it is marked invalid.
    await reviewer.locator('#audit-csv').click();
    await reviewer.locator('#audit-id-error').getByText(sv.tab.reports.idRequired).waitFor();
    assert.equal(await textbox(reviewer, 'audit-id').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await accessibleDescription(reviewer, 'textbox', sv.tab.reports.auditId), [
      sv.tab.reports.idRequired,
    ]);
    await textbox(reviewer, 'audit-id').fill(bo.objectId);
    const [audit] = await Promise.all([reviewer.waitForEvent('download'), reviewer.locator('#audit-csv').click()]);
    const auditCsv = fs.readFileSync((await audit.path()) as string, 'utf8');
    assert.ok(auditCsv.split('\n').length > 2, 'rows for Bo');
    assert.ok(
      (
        await db.query("SELECT 1 FROM audit_log WHERE actor_object_id = $1 AND action LIKE 'audit.export%'", [
          eva.objectId,
        ])
      ).rows.length > 0,
      'the export is audited',
    );
    const professional = await open(one, 'personal', bo, 'sv');
    await professional.locator('#my-cases-heading').waitFor();
    assert.equal(
      await professional.locator('#audit-export, #statistics').count(),
      0,
      'a professional has neither report',
    );

    const party = await open(one, 'sidepanel', anna, 'sv');
    await party.locator('#family-pdf-sv').waitFor();
    const [pdf] = await Promise.all([party.waitForEvent('download'), party.locator('#family-pdf-sv').click()]);
    assert.equal(
      fs
        .readFileSync((await pdf.path()) as string)
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    // The copy for the agency's own records: JSON in the versioned schema, audited.
    const [copy] = await Promise.all([party.waitForEvent('download'), party.locator('#agency-export-json').click()]);
    const exported = JSON.parse(fs.readFileSync((await copy.path()) as string, 'utf8')) as { schema: string };
    assert.equal(exported.schema, 'urn:samsyn:schema:plan-export:v1');
    assert.ok(
      (
        await db.query("SELECT 1 FROM audit_log WHERE actor_object_id = $1 AND action = 'plan.agencyExport'", [
          anna.objectId,
        ])
      ).rows.length > 0,
      'the copy is audited',
    );
  });

  it('keeps an unsaved plan text as a draft across a reload, and says so', async () => {
    const page = await open(two, 'sidepanel', bo, 'sv');
    await page.locator('#plan-disagreements').waitFor();
    await textbox(page, 'plan-disagreements').fill('Utkast som ska finnas kvar');
    // The draft is kept (debounced) in localStorage: reload once it is there, not after a guessed delay.
    await eventually(
      async () =>
        (await page.evaluate(
          "Object.keys(localStorage).some((k) => k.startsWith('samsyn.planDraft.') && localStorage.getItem(k).includes('Utkast som ska finnas kvar'))",
        )) === true,
      10_000,
    );
    await page.reload();
    await page.locator('#plan-status').getByText('Ditt sparade utkast är återställt.').waitFor();
    const disagreements = textbox(page, 'plan-disagreements');
    await eventually(
      async () => (await disagreements.inputValue()) === 'Utkast som ska finnas kvar',
      5_000,
      'the draft',
    );
    assert.equal(await disagreements.inputValue(), 'Utkast som ska finnas kvar');
    const stored = await db.query<{ content: { disagreements: string } }>(
      'SELECT content FROM plan_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1',
      [caseId],
    );
    assert.notEqual(
      stored.rows[0]?.content.disagreements,
      'Utkast som ska finnas kvar',
      'a draft is not a saved version',
    );
  });

  it('shows "not found" for a case the viewer is not a party to, and keeps nothing of it on the page', async () => {
    const page = await open(two, 'sidepanel', bo, 'en', otherCaseId);
    await page.getByRole('alert').getByText('The case does not exist or you do not have access to it.').waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /Trött/);
  });

  it('in an anonymous consultation puts the text back with only the identifying part replaced, and saves a name once confirmed', async () => {
    const page = await open(one, 'sidepanel', cecilia, 'sv', otherCaseId);
    await page.getByText('Uppdateras direkt').waitFor();
    await textbox(page, 'my-q-q1').fill('Sover dåligt. Mamma nås på 070-123 45 67.');
    await page.locator('#save-questions').click();
    await eventually(
      async () =>
        (await textbox(page, 'my-q-q1').inputValue()) === 'Sover dåligt. Mamma nås på [telefonnummer borttaget].',
      10_000,
    );
    assert.match(await page.locator('#questions-status').innerText(), /kan identifiera barnet \(telefonnummer\)/);
    const stored = async () =>
      (
        await db.query<{ answers: Record<string, string> }>('SELECT answers FROM assessment WHERE case_id = $1', [
          otherCaseId,
        ])
      ).rows;
    assert.deepEqual(await stored(), [], 'nothing is saved');

    await textbox(page, 'my-q-q1').fill('Sover dåligt enligt Wilma.');
    await page.locator('#save-questions').click();
    await page.locator('#questions-confirm-names').waitFor();
    assert.match(await page.locator('#questions-status').innerText(), /”Wilma” kan vara ett namn/);
    assert.deepEqual(await stored(), []);
    await shot(page, 'anonymous-names');
    await page.locator('#questions-confirm-names').click();
    await eventually(async () => (await stored()).length === 1, 10_000);
    assert.equal((await stored())[0]?.answers.q1, 'Sover dåligt enligt Wilma.');
  });
});
