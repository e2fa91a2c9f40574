/**
 * End to end (issue 14, item 4): a teacher's worry reaches the named person's personal chat. With the
 * Graph stand-in's development directory, a teacher at Norrskolan who is not its named person (Lena
 * Sjö, added to the school's staff group at run time, as municipal IT would) raises an anonymous
 * consultation through the card in the Agents Playground. The Playground then restarts as Anna Lind,
 * Norrskolan's named person, who has never talked to the bot: opening her personal chat installs the
 * bot there (installationUpdate: the app learns her chat), and the waiting outbox job, due at once,
 * delivers the "worry received" card to it.
 * Every step is taken, and every check made, through the Playground's UI.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { E2eHarness } from './support/harness';
import { addTeacher, normalizeSpace, teacher as lena } from './support/people';

describe("e2e: a teacher's worry reaches the named person's personal chat in the Playground", function () {
  this.timeout(300_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-worry-'));
    const caPemPath = path.join(dir, 'ca.pem');
    standIn = await startGraphStandIn({ port: 0, caPemPath, directoryPath: DEVELOPMENT_DIRECTORY });
    addTeacher(standIn);
    h = await E2eHarness.start({
      name: 'worry-routing',
      currentUser: lena,
      appEnv: { DEFAULT_LOCALE: 'sv', GRAPH_BASE_URL: standIn.url, NODE_EXTRA_CA_CERTS: caPemPath },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-worry-routing-failed').catch(() => undefined);
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Lena raises an anonymous consultation; Anna opens her chat and finds the worry there, once', async () => {
    if (!h) throw new Error('not started');

    // As Lena Sjö, teacher at Norrskolan: help → new consultation → fill → send.
    await h.sendMessage('hjälp');
    await h.waitForBotText('Samsyn – hjälp');
    await h.clickCardButton('Ny anonym konsultation');
    await h.waitForBotText('Barnets förskola, skola eller BVC');
    await h.chooseCardOption('Barnets förskola, skola eller BVC', 'Norrskolan, Lunda kommun');
    await h.chooseCardOption('Åldersspann', '10-12 år');
    await h.chooseCardOption('Områden som oroar', 'Trygghet');
    await h.fillCardInput('Vad har du sett eller hört?', 'Barnet är ofta ledset på morgonen');
    await h.fillCardInput('Vad har redan prövats?', 'Samtal med mentor');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Konsultationen är skapad: ärende 2026-0001');
    await h.waitForBotText('Oron har skickats till Anna Lind, barnets bästa-ansvarig på Norrskolan, Lunda kommun.');
    await h.screenshot('e2e-worry-routing-1-raised');

    // As Anna Lind, Norrskolan's named person, who has never used Samsyn: she opens her personal chat.
    await h.restartPlaygroundAs(undefined);
    const worryCard = h.page.locator('.fai-OutputCard').filter({ hasText: 'En oro har kommit till dig' });
    // Within seconds: her chat becoming known makes the waiting job due at once, whatever its retry backoff.
    await worryCard.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(
      await worryCard.first().innerText(),
      /Ärende 2026-0001: en oro för ett barn på Norrskolan, Lunda kommun har skickats till dig som barnets bästa-ansvarig/,
    );
    await h.screenshot('e2e-worry-routing-2-received');
    // Exactly once: nothing more arrives while the outbox keeps running.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await worryCard.count(), 1, 'the worry card is shown once');

    // The card opens the case for Anna, now a party to it.
    await h.clickCardButton('Öppna ärendet', worryCard.first());
    // (Action.Execute: the case card replaces the worry card.)
    const summary = h.page.locator('.fai-OutputCard').filter({ hasText: 'Din roll' }).last();
    await summary.waitFor({ state: 'visible', timeout: 15_000 });
    const opened = normalizeSpace(await summary.innerText());
    assert.match(opened, /Ärende 2026-0001/);
    assert.match(opened, /Typ Anonym konsultation/);
    assert.match(opened, /Din roll Barnets bästa-ansvarig/);
    await h.screenshot('e2e-worry-routing-3-opened');
  });
});
