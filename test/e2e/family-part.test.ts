/**
 * The family's part end to end (issue 18), every step through a UI as a user takes it, with the
 * Graph stand-in: in the Agents Playground Anna Lind raises an anonymous consultation, opens the
 * consent form on it, saves what she has and produces the information sheet (its one-time link
 * opened as the family would: a PDF naming the units), records the consent with the child's
 * identity, and calls the meeting with the guardian invited by e-mail (the stand-in's event has her
 * with `hideAttendees`, her address in no subject or body). Then in the tab (Chromium, local mode):
 * Anna fills in the child's own view with the child (opened from the side panel), agrees the plan in
 * the side panel and downloads the family's PDF, whose text holds the plan, the child's own words and
 * rating beside the group's level, the contacts and the next meeting.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { pdfText } from '../support/pdf-text';
import { annaObjectId, E2eHarness, repoRoot } from './support/harness';

const guardianEmail = 'vera.vardnadshavare@example.org';
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** A Fluent UI text field's own text box (inside its shadow root). */
const textbox = (page: Page, id: string) => page.locator(`#${id}`).getByRole('textbox');

async function choose(page: Page, id: string, value: string): Promise<void> {
  const dropdown = page.locator(`#${id}`);
  await dropdown.getByRole('combobox').click();
  await dropdown.locator(`fluent-option[value="${value}"]`).click();
}

describe('e2e: the family’s part — consent sheet, consent, the guardian invited, plan agreed, family PDF', function () {
  this.timeout(300_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;

  before(async () => {
    // The tab is served from dist/web (as `npm run test:browser` builds it first).
    execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'build-web.ts')], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-family-'));
    const caPemPath = path.join(dir, 'ca.pem');
    standIn = await startGraphStandIn({
      port: 0,
      caPemPath,
      organisationsPath: 'config/organisations.json',
      planTeamId: 'samsyn-dev-team',
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 50, handOutChannelIds: ['samsyn-dev-channel-samordning'] },
    });
    h = await E2eHarness.start({
      name: 'family-part',
      appEnv: {
        DEFAULT_LOCALE: 'sv',
        DEV_AUTH: 'true',
        GRAPH_BASE_URL: standIn.url,
        NODE_EXTRA_CA_CERTS: caPemPath,
        PLAN_TEAM_ID: 'samsyn-dev-team',
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-family-part-failed').catch(() => undefined);
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('produces the consent sheet, records consent, invites the guardian, agrees the plan and hands over the family PDF', async () => {
    if (!h || !standIn) throw new Error('not started');

    // An anonymous consultation first: nothing identifying.
    await h.sendMessage('hjälp');
    await h.waitForBotText('Samsyn – hjälp');
    await h.clickCardButton('Ny anonym konsultation');
    await h.waitForBotText('Barnets förskola, skola eller BVC');
    await h.chooseCardOption('Barnets förskola, skola eller BVC', 'Norrskolan, Lunda kommun');
    await h.chooseCardOption('Åldersspann', '10-12 år');
    await h.chooseCardOption('Områden som oroar', 'Trygghet');
    await h.fillCardInput('Vad har du sett eller hört?', 'Ofta trött och ledsen på morgonen.');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Konsultationen är skapad: ärende 2026-0001');

    // The consent form on the case, filled in and saved (the card's required fields are checked in the
    // client, also for a draft); then the information sheet produced from it, before consent is given.
    await h.sendMessage('öppna ärende 2026-0001');
    await h.waitForBotText('Ärende 2026-0001');
    await h.clickCardAction('Registrera samtycke');
    await h.waitForBotText('Verksamheter som får utbyta uppgifter');
    await h.chooseCardOption('Verksamheter som får utbyta uppgifter', 'Socialtjänsten, Lunda kommun');
    await h.chooseCardOption('Vilka uppgifter', 'Hem- och familjesituation');
    await h.fillCardInput('Syfte – vilken samverkan', 'Samverkan kring skolgång');
    await h.fillCardInput('Gäller till och med', '2099-06-30');
    await h.fillCardInput('Barnets namn', 'Kim Testsson');
    await h.fillCardInput('Personnummer eller födelsedatum', '20150412-2381');
    await h.fillCardInput('Vårdnadshavare som samtycker', 'Vera Vårdnadshavare');
    await h.chooseCardOption('Hur samtycket lämnades', 'Skriftligt (underskriven blankett)');
    await h.clickCardButton('Spara utkast');
    await h.waitForBotText('Utkastet är sparat.');
    await h.clickCardButton('Informationsblad (PDF)');
    await h.waitForBotText('Informationsblad om samtycke');
    const sheetCard = h.lastCard();
    // The Playground opens an OpenUrl action in a new window: its address is taken there (and the
    // request held back), then opened here as the family's browser would, once.
    let sheetUrl = '';
    await h.page.context().route('**/api/consent-sheet/**', async (route) => {
      sheetUrl = route.request().url();
      await route.abort();
    });
    const [popup] = await Promise.all([
      h.page.context().waitForEvent('page'),
      sheetCard.getByText('Vårdnadshavare (svenska)', { exact: true }).click(),
    ]);
    for (let i = 0; i < 100 && sheetUrl === ''; i++) await new Promise((r) => setTimeout(r, 100));
    await popup.close();
    await h.page.bringToFront();
    await h.page.context().unroute('**/api/consent-sheet/**');
    assert.match(sheetUrl, /\/api\/consent-sheet\/[A-Za-z0-9_-]{43}$/, 'a one-time link to the sheet');
    const sheet = await fetch(sheetUrl);
    assert.equal(sheet.status, 200);
    const sheetText = flat(await pdfText(new Uint8Array(await sheet.arrayBuffer())));
    assert.match(sheetText, /Socialtjänsten/, `the sheet names the units the consent form holds: ${sheetText}`);
    assert.match(sheetText, /Samverkan kring skolgång/);
    await h.screenshot('e2e-family-part-1-sheet');

    // Back to the form (the saved draft restored) and the consent recorded.
    await h.clickCardButton('Tillbaka till samtycket');
    await h.waitForBotText('Ditt sparade utkast är återställt.');
    await h.clickCardButton('Registrera samtycke');
    await h.waitForBotText(/Samtycket är registrerat/);

    // The meeting, with the guardian invited by e-mail.
    await h.sendMessage('öppna ärende 2026-0001');
    await h.waitForBotText('Ärende 2026-0001');
    await h.clickCardAction('Kalla till möte');
    await h.waitForBotText('Familjen i mötet');
    await h.pickPeople('Deltagare', ['Bo Ek']);
    await h.fillCardInput('Datum', '2099-03-10');
    await h.fillCardInput('E-post till Vera Vårdnadshavare (vårdnadshavare)', guardianEmail);
    await h.clickCardButton('Skicka inbjudan');
    await h.waitForBotText(/Mötet är skapat 2099-03-10 09:00\./);
    // (Who from the family is invited shows in the card's personal view, which the Playground does not
    // render: "user specific view is not supported". The stand-in's event is checked instead.)
    assert.ok(!(await h.lastCard().innerText()).includes(guardianEmail), 'no address on the card');
    const event = standIn.requests().find((r) => r.method === 'POST' && /\/events$/.test(r.url) && r.status === 201);
    const body = event?.body as { subject?: string; body?: { content?: string }; hideAttendees?: boolean } | undefined;
    assert.ok(JSON.stringify(body?.['attendees' as keyof typeof body]).includes(guardianEmail), 'the guardian invited');
    assert.equal(body?.hideAttendees, true);
    assert.ok(!`${body?.subject} ${body?.body?.content}`.includes(guardianEmail));
    assert.ok(!`${body?.subject} ${body?.body?.content}`.includes('Kim'));
    await h.screenshot('e2e-family-part-2-meeting');

    // The tab: the case from Anna's personal tab, then the plan agreed in the side panel.
    const tab = await h.page.context().newPage();
    await tab.goto(`${h.appUrl}/tab/personal?persona=${annaObjectId}&lang=sv`);
    const link = tab.locator('fluent-link[href^="/tab/sidepanel?caseId="]').first();
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    await tab.goto(`${h.appUrl}${href}&persona=${annaObjectId}`);
    await tab.locator('#plan-reason').waitFor();
    // The child's own view, opened from the side panel (in a meeting it is shared to the stage) and
    // filled in together with the child: a face for an area and the child's own words.
    await tab.locator('#open-child-view').click();
    await tab.locator('main.child-voice').waitFor();
    await tab.locator('label[for="voice-child-area-trygghet-sad"]').click();
    await textbox(tab, 'voice-child-good').fill('Fotbollen på tisdagar');
    await tab.locator('#voice-child-save').click();
    await tab.locator('#voice-child-status').getByText('Sparat').waitFor();
    await tab.goto(`${h.appUrl}${href}&persona=${annaObjectId}`);
    await tab.locator('#plan-reason').waitFor();
    for (const area of ['trygghet', 'halsa']) {
      await choose(tab, 'plan-addArea', area);
      await tab.locator('fluent-button', { hasText: 'Lägg till' }).first().click();
      await tab.locator(`#need-${area}-level`).waitFor();
    }
    await textbox(tab, 'need-trygghet-need').fill('Lugna morgnar');
    await choose(tab, 'need-trygghet-level', 'significant');
    await textbox(tab, 'need-halsa-childView').fill('Jag är trött på morgonen');
    await choose(tab, 'need-halsa-level', 'some');
    await textbox(tab, 'plan-reason').fill('Kim är ofta trött och ledsen på morgnarna');
    await textbox(tab, 'action-0-what').fill('Morgonsamtal med mentor');
    await textbox(tab, 'action-0-who').fill('Mentor');
    await choose(tab, 'action-0-unit', 'lunda-norrskolan');
    await tab.locator('#action-0-byWhen').fill('2099-04-01');
    await textbox(tab, 'action-0-how').fill('Kim säger att morgnarna går lättare');
    await textbox(tab, 'plan-childsWish').fill('Kim vill ha Anna');
    await choose(tab, 'plan-lead', annaObjectId);
    await tab.locator('#plan-followUp').fill('2099-05-01');
    await tab.locator('#plan-agree').click();
    await tab
      .locator('#plan-status')
      .getByText(/Planen är godkänd \(version 1\)/)
      .waitFor();

    // The family's PDF, downloaded in the tab, and what it says.
    await tab.locator('#family-pdf-sv').waitFor();
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator('#family-pdf-sv').click()]);
    const text = flat(await pdfText(new Uint8Array(fs.readFileSync((await download.path()) as string))));
    for (const e of [
      'Barnets plan – för barnet och familjen',
      'Därför har vi en plan',
      'Kim är ofta trött och ledsen på morgnarna',
      'Vem hjälper till med vad',
      'Morgonsamtal med mentor',
      'Det här behövs: Lugna morgnar',
      'Hälsa Lite oro',
      'Barnet säger: ”Jag är trött på morgonen”',
      // the child's own view, from the child view
      'Barnets egna ord',
      'Det här är bra: ”Fotbollen på tisdagar”',
      'Trygghet Stor oro Svårt',
      'Vem barnet ville ha som kontaktperson',
      'Kim vill ha Anna',
      'Samordningsperson – håller ihop planen Anna Lind, Norrskolan',
      'Nästa möte: 2099-03-10 09:00.',
      'senast 2099-05-01',
      'Sida 1 av',
    ])
      assert.ok(text.includes(e), `expected "${e}" in the family PDF:\n${text}`);
    assert.ok(!text.includes('20150412'), 'no identity number in the family PDF');
    await tab.screenshot({
      path: path.join(path.dirname(await h.screenshot('e2e-family-part-3')), 'e2e-family-part-4-tab.png'),
    });
    await tab.close();
  });
});
