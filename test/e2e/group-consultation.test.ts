/**
 * End to end (issue 17, item 3): a group consultation, every step through the Agents Playground's
 * web UI. A teacher at Norrskolan (Lena Sjö, added to the school's staff group at run time) types
 * `grupp` and describes a class from the lists (kind of group, size band, age band); a personnummer
 * in what she has seen is refused with the field named and the rest of her text kept, and she
 * corrects it. She asks "Socialtjänstens konsultation" from the case card; the Playground restarts as
 * Sara Lund, the function's only member, who takes the request and answers with her advice. As the
 * teacher again, she records the outcome. The refused value is in no Graph request and not in the log.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { E2eHarness } from './support/harness';
import { addTeacher, fiveQuestions as questions, normalizeSpace, sara, teacher } from './support/people';

const personnummer = '20150412-2381';
const refused = [personnummer, '201504122381', '150412-2381'];
const seen = 'Vad har du sett i gruppen?';

describe('e2e: a group consultation with social services, through the Playground UI', function () {
  this.timeout(360_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-group-'));
    const caPemPath = path.join(dir, 'ca.pem');
    standIn = await startGraphStandIn({ port: 0, caPemPath, directoryPath: DEVELOPMENT_DIRECTORY });
    addTeacher(standIn);
    h = await E2eHarness.start({
      name: 'group-consultation',
      currentUser: teacher,
      appEnv: { DEFAULT_LOCALE: 'sv', GRAPH_BASE_URL: standIn.url, NODE_EXTRA_CA_CERTS: caPemPath },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-group-failed').catch(() => undefined);
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('describes the group from lists, refuses a personnummer with the field named, consults, answers and records the outcome', async () => {
    if (!h || !standIn) throw new Error('not started');

    await h.sendMessage('grupp');
    await h.waitForBotText('Ny gruppkonsultation');
    await h.chooseCardOption('Gruppens förskola, skola eller fritidshem', 'Norrskolan, Lunda kommun');
    await h.chooseCardOption('Typ av grupp', 'Klass');
    await h.chooseCardOption('Gruppens storlek', '20-29 barn');
    await h.chooseCardOption('Ålder i gruppen', '10-12 år');
    await h.chooseCardOption('Områden som oroar i gruppen', 'Trygghet');
    await h.fillCardInput(seen, `Oroligt efter rasterna, särskilt eleven med pnr ${personnummer}.`);
    await h.fillCardInput('Åtgärd 1', 'Tydligare struktur vid övergångar');
    await h.clickCardButton('Skicka');
    // Refused with the field named; the value is gone from the field, the rest of the text kept.
    await h.waitForBotText(/Fältet ”Vad har du sett i gruppen\?” verkar innehålla/);
    assert.match(normalizeSpace(await h.lastCard().innerText()), /personnummer/);
    const kept = await h.lastCard().getByLabel(seen).inputValue();
    assert.match(kept, /Oroligt efter rasterna/);
    for (const value of refused) assert.ok(!kept.includes(value), `${value} is still in the field`);
    assert.equal(await h.lastCard().getByLabel('Åtgärd 1').inputValue(), 'Tydligare struktur vid övergångar');
    await h.screenshot('e2e-group-1-refused');
    await h.fillCardInput(seen, 'Oroligt i klassen efter rasterna, mycket bråk i korridoren.');
    await h.clickCardButton('Skicka');
    const created = normalizeSpace(
      await (await h.waitForBotText('Gruppkonsultationen är skapad: ärende 2026-0001')).innerText(),
    );
    assert.match(created, /Typ Gruppkonsultation/);

    await h.clickCardAction('Konsultera');
    await h.waitForBotText('Konsultera andra professioner');
    await h.chooseCardOption(
      'Eller en verksamhets konsultationsfunktion',
      'Socialtjänstens konsultation – Socialtjänsten, Lunda kommun',
    );
    await h.clickCardButton('Bjud in');
    await h.waitForBotText('Förfrågan skickad till Socialtjänstens konsultation (1 person).');
    await h.screenshot('e2e-group-2-asked');

    // Sara Lund takes the request in her personal chat and answers with her advice.
    await h.restartPlaygroundAs(sara);
    const offer = h.page.locator('.fai-OutputCard').filter({ hasText: 'Konsultationsförfrågan' });
    await offer.first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(normalizeSpace(await offer.first().innerText()), /ärende 2026-0001/);
    await h.clickCardAction('Ta konsultationen', offer.first());
    const took = h.page.locator('.fai-OutputCard').filter({ hasText: 'Du är nu konsulterad i ärende 2026-0001' });
    await took.last().waitFor({ state: 'visible' });
    assert.match(normalizeSpace(await took.last().innerText()), /Typ Gruppkonsultation.*Din roll Konsulterad/);
    await h.clickCardAction('Fem frågor', took.last());
    const form = h.page.locator('.fai-OutputCard').filter({ hasText: 'De fem frågorna' }).last();
    await form.getByText(questions[4] ?? '').waitFor();
    await h.fillCardInput(questions[2] ?? '', 'Se över rasterna tillsammans med fritids.', form);
    await h.fillCardInput(questions[4] ?? '', 'Socialtjänstens förebyggande grupp för klassen.', form);
    await h.clickCardButton('Skicka', form);
    await h.page
      .locator('.fai-OutputCard')
      .filter({ hasText: 'Svaren på de fem frågorna är sparade.' })
      .last()
      .waitFor();
    await h.screenshot('e2e-group-3-advice');

    // The teacher records the outcome (a group has no one to ask consent of).
    await h.restartPlaygroundAs(teacher);
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
    await h.screenshot('e2e-group-4-outcome');

    const graph = JSON.stringify(standIn.requests().map((r) => ({ url: r.url, body: r.body })));
    const appLog = fs.readFileSync(path.join(h.logDir, 'app.log'), 'utf8');
    for (const value of refused) {
      assert.ok(!appLog.includes(value), `${value} in the app's log`);
      assert.ok(!graph.includes(value), `${value} in a Graph request`);
    }
  });
});
