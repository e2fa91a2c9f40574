/**
 * End to end (issue 17): the anonymous consultation with another profession, every step through the
 * Agents Playground's web UI. A teacher at Norrskolan who is not its named person (Lena Sjö, added to
 * the school's staff group at run time) raises an anonymous consultation — first with a personnummer
 * and a phone number in a free-text field, which are refused with the field named — then asks
 * "Socialtjänstens konsultation" from the case card. The Playground restarts as Sara Lund, the
 * function's only member: her personal chat shows the request, she takes it and answers the five
 * questions with her advice. Restarted as the teacher, she calls the consultation meeting (the
 * stand-in's calendar holds it with the neutral subject "Konsultation – ärende 2026-0001") and records
 * the outcome. Finally every Graph request the stand-in recorded, and every outgoing request the app
 * made (the Bot Connector calls to the Playground included), is scanned for the refused values, and
 * so is the app's log.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { E2eHarness } from './support/harness';
import { addTeacher, fiveQuestions as questions, normalizeSpace, sara, teacher } from './support/people';
import { withoutIds } from '../support/text';

/** What the teacher types first, and what must never leave the app. */
const personnummer = '20150412-2381';
const phone = '070-123 45 67';
const refused = [personnummer, '201504122381', '150412-2381', phone, '0701234567', '123 45 67'];

const observations = 'Vad har du sett eller hört?';
/** The stand-in's admin view (GET /_standin/state), as a developer would look at it. */
function standInState(url: string, ca: string): Promise<{ calendar: { subject: string | null }[] }> {
  return new Promise((resolve, reject) => {
    https
      .get(`${url}/_standin/state`, { ca }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text) as { calendar: { subject: string | null }[] }));
      })
      .on('error', reject);
  });
}

describe('e2e: an anonymous consultation with social services, through the Playground UI', function () {
  this.timeout(420_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;
  let outboundLog: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-consult-'));
    const caPemPath = path.join(dir, 'ca.pem');
    outboundLog = path.join(dir, 'outbound.jsonl');
    standIn = await startGraphStandIn({ port: 0, caPemPath, directoryPath: DEVELOPMENT_DIRECTORY });
    addTeacher(standIn);
    h = await E2eHarness.start({
      name: 'consultation',
      currentUser: teacher,
      appEnv: {
        DEFAULT_LOCALE: 'sv',
        GRAPH_BASE_URL: standIn.url,
        NODE_EXTRA_CA_CERTS: caPemPath,
        // Records every outgoing request of the app (connector and Graph) for the final scan.
        NODE_OPTIONS: `--import ${path.join(__dirname, 'support', 'record-outbound.mjs')}`,
        E2E_OUTBOUND_LOG: outboundLog,
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-consultation-failed').catch(() => undefined);
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises, consults, answers, meets and records the outcome — and the refused values never leave the app', async () => {
    if (!h || !standIn) throw new Error('not started');

    // Lena Sjö, teacher at Norrskolan: a new anonymous consultation, with identifying details at first.
    await h.sendMessage('hjälp');
    await h.waitForBotText('Samsyn – hjälp');
    await h.clickCardButton('Ny anonym konsultation');
    await h.waitForBotText('Barnets förskola, skola eller BVC');
    await h.chooseCardOption('Barnets förskola, skola eller BVC', 'Norrskolan, Lunda kommun');
    await h.chooseCardOption('Åldersspann', '10-12 år');
    await h.chooseCardOption('Områden som oroar', 'Trygghet');
    await h.fillCardInput(
      observations,
      `Barnet är ofta ledset på morgonen. Pnr ${personnummer}, mamma nås på ${phone}.`,
    );
    await h.fillCardInput('Vad har redan prövats?', 'Samtal med mentor');
    await h.clickCardButton('Skicka');
    // Refused, with the field named; the values are gone from the field, the rest of the text kept.
    await h.waitForBotText(/Fältet ”Vad har du sett eller hört\?” verkar innehålla något som kan identifiera barnet/);
    const refusal = normalizeSpace(await h.lastCard().innerText());
    assert.match(refusal, /personnummer/);
    assert.match(refusal, /telefonnummer/);
    const kept = await h.lastCard().getByLabel(observations).inputValue();
    assert.match(kept, /Barnet är ofta ledset på morgonen/);
    for (const value of refused) assert.ok(!kept.includes(value), `${value} is still in the field`);
    await h.screenshot('e2e-consultation-1-refused');
    await h.fillCardInput(observations, 'Barnet är ofta ledset på morgonen och vill inte gå hem.');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Konsultationen är skapad: ärende 2026-0001');

    // From the case card: ask social services' consultation function.
    await h.clickCardAction('Konsultera');
    await h.waitForBotText('Konsultera andra professioner');
    await h.chooseCardOption(
      'Eller en verksamhets konsultationsfunktion',
      'Socialtjänstens konsultation – Socialtjänsten, Lunda kommun',
    );
    await h.clickCardButton('Bjud in');
    await h.waitForBotText('Förfrågan skickad till Socialtjänstens konsultation (1 person).');
    await h.screenshot('e2e-consultation-2-asked');

    // Sara Lund, the function's member: the request waits in her personal chat.
    await h.restartPlaygroundAs(sara);
    const offer = h.page.locator('.fai-OutputCard').filter({ hasText: 'Konsultationsförfrågan' });
    await offer.first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(
      normalizeSpace(await offer.first().innerText()),
      /Norrskolan, Lunda kommun ber Socialtjänstens konsultation om råd i en anonym konsultation, ärende 2026-0001/,
    );
    await h.clickCardAction('Ta konsultationen', offer.first());
    const took = h.page.locator('.fai-OutputCard').filter({ hasText: 'Du är nu konsulterad i ärende 2026-0001' });
    await took.last().waitFor({ state: 'visible' });
    assert.match(normalizeSpace(await took.last().innerText()), /Din roll Konsulterad/);
    await h.screenshot('e2e-consultation-3-taken');
    await h.clickCardAction('Fem frågor', took.last());
    const form = h.page.locator('.fai-OutputCard').filter({ hasText: 'De fem frågorna' }).last();
    await form.getByText(questions[4] ?? '').waitFor();
    const advice = [
      'Otrygghet hemma kan ligga bakom.',
      'Nej – prata med eleven och följ närvaron.',
      'Ett samtal med kuratorn den här veckan.',
      'Skolan kan erbjuda en trygg vuxen varje morgon.',
      'Socialtjänstens förebyggande stöd om oron består.',
    ];
    for (const [i, q] of questions.entries()) await h.fillCardInput(q, advice[i] ?? '', form);
    await h.clickCardButton('Skicka', form);
    await h.page
      .locator('.fai-OutputCard')
      .filter({ hasText: 'Svaren på de fem frågorna är sparade.' })
      .last()
      .waitFor();
    await h.screenshot('e2e-consultation-4-advice');

    // The teacher again: the consultation meeting with Sara (listed as another Playground user, so that
    // the people picker offers her), then the outcome.
    await h.restartPlaygroundAs(teacher, { listing: [sara] });
    await h.sendMessage('öppna ärende 2026-0001');
    await h.waitForBotText('Ärende 2026-0001');
    await h.clickCardAction('Kalla till konsultationsmöte');
    await h.waitForBotText('Kalla till konsultationsmöte');
    // Sara only: the suggested named persons come ticked in their own list and are unticked here.
    await h.untickAll('Föreslagna deltagare (bocka ur den som inte ska bjudas in)');
    await h.pickPeople('Fler deltagare', ['Sara Lund']);
    await h.fillCardInput('Datum', '2099-03-10');
    await h.clickCardButton('Skicka inbjudan');
    // The job updates the card itself once the event exists (updateActivity).
    await h.waitForBotText(/Mötet är skapat 2099-03-10 09:00\./);
    assert.match(await h.lastCard().innerText(), /Mötet är skapat 2099-03-10 09:00\./);
    await h.screenshot('e2e-consultation-5-meeting');
    const calendar = (await standInState(standIn.url, standIn.caPem)).calendar;
    assert.equal(calendar.length, 1, 'one event in the stand-in calendar');
    assert.equal(calendar[0]?.subject, 'Konsultation – ärende 2026-0001');
    const event = withoutIds(JSON.stringify(calendar[0]));
    assert.match(event, /sara\.lund@lunda\.example/, 'Sara, picked by her Teams user id, is invited');
    assert.deepEqual(
      (calendar[0] as { attendees?: { emailAddress: { address: string } }[] }).attendees?.map(
        (a) => a.emailAddress.address,
      ),
      ['sara.lund@lunda.example'],
      'nobody the teacher unticked',
    );
    for (const s of [...refused, 'ledset', 'Trygghet', '10-12']) assert.ok(!event.includes(s), `${s} in the event`);

    await h.sendMessage('öppna ärende 2026-0001');
    await h.waitForBotText('Ärende 2026-0001');
    await h.clickCardAction('Utfall');
    await h.waitForBotText('Konsultationens utfall');
    await h.chooseCardOption('Utfall', 'Råden följs – konsultationen avslutas');
    await h.clickCardButton('Registrera utfall');
    const closed = normalizeSpace(
      await (await h.waitForBotText('Utfallet är registrerat: Råden följs – konsultationen avslutas.')).innerText(),
    );
    assert.match(closed, /Skede Avslutat/);
    assert.match(closed, /Utfall Råden följs – konsultationen avslutas/);
    await h.screenshot('e2e-consultation-6-outcome');

    // The scan: every Graph request the stand-in saw, every request the app sent (connector included).
    const graph = JSON.stringify(standIn.requests().map((r) => ({ url: r.url, body: r.body })));
    const outbound = fs.readFileSync(outboundLog, 'utf8');
    const playgroundPort = new URL(h.playgroundUrl).port;
    const playgroundCalls = outbound.split('\n').filter((l) => l.includes(`:${playgroundPort}/`));
    assert.ok(
      playgroundCalls.some((l) => l.includes('Konsultationsförfrågan')),
      'the connector calls (the offer card sent to Sara) were recorded',
    );
    const appLog = fs.readFileSync(path.join(h.logDir, 'app.log'), 'utf8');
    for (const value of refused) {
      assert.ok(!appLog.includes(value), `${value} in the app's log`);
      assert.ok(!graph.includes(value), `${value} in a Graph request`);
      assert.ok(!outbound.includes(value), `${value} in a request the app sent`);
      assert.ok(!outbound.includes(JSON.stringify(value).slice(1, -1)), `${value} (escaped) in a request the app sent`);
    }
  });
});
