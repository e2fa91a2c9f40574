/**
 * End to end with the Graph stand-in, every step through the Agents Playground's web UI as a user
 * takes it: Anna Lind raises a consented case, records the consent, calls the meeting by picking Bo
 * Ek in the card's people picker (the Playground sends his Teams user id, resolved through the plan
 * team's roster) and agrees the plan. The event lands in the stand-in's calendar and the bot's plan
 * card in the Playground's channel. The Playground's own API (its websocket) is used only to observe:
 * a scan of every request body sent to Graph, of the channel post and of every card's action data
 * finds none of the child's identifiers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'undici';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { E2eHarness } from './support/harness';

const secrets = ['Kim', 'Testsson', '2381', '20150412', 'Vera'];
const channelId = 'samsyn-dev-channel-samordning';

/** Every `data` object of every action in a card (what Teams stores and echoes back). */
function actionData(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => actionData(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data') out.push(v);
      else actionData(v, out);
    }
  }
  return out;
}

type PlaygroundEvent = {
  action: string;
  actionConversationId?: string;
  message?: { messageId?: string; attachments?: { content?: unknown }[] };
} & Record<string, unknown>;

describe('e2e: meeting and plan channel through the Playground UI and the Graph stand-in', function () {
  this.timeout(300_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-graph-'));
    const caPemPath = path.join(dir, 'ca.pem');
    standIn = await startGraphStandIn({
      port: 0,
      caPemPath,
      organisationsPath: 'config/organisations.json',
      planTeamId: 'samsyn-dev-team',
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 50, handOutChannelIds: [channelId] },
    });
    h = await E2eHarness.start({
      name: 'meeting-plan',
      appEnv: {
        DEFAULT_LOCALE: 'sv',
        GRAPH_BASE_URL: standIn.url,
        NODE_EXTRA_CA_CERTS: caPemPath,
        PLAN_TEAM_ID: 'samsyn-dev-team',
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-meeting-plan-failed').catch(() => undefined);
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls the meeting with the picker, agrees the plan, and the card appears in the channel — with no child identifiers sent', async () => {
    if (!h || !standIn) throw new Error('not started');
    const events: PlaygroundEvent[] = [];
    const ws = new WebSocket(`${h.playgroundUrl.replace('http', 'ws')}/_ws_conversation/v1/conversations/stream`);
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)) as PlaygroundEvent);
    await new Promise((resolve) => (ws.onopen = resolve));
    try {
      // Raise the consented case: the child's details, then the consent.
      await h.sendMessage('ny konsultation med samtycke');
      await h.waitForBotText('Ny konsultation med samtycke');
      await h.chooseCardOption('Åldersspann', '10-12 år');
      await h.chooseCardOption('Områden som oroar', 'Trygghet');
      await h.fillCardInput('Vad har du sett eller hört?', 'Oro');
      await h.fillCardInput('Barnets namn', 'Kim Testsson');
      await h.fillCardInput('Personnummer eller födelsedatum', '20150412-2381');
      await h.fillCardInput('Vårdnadshavare', 'Vera Vårdnadshavare');
      await h.clickCardButton('Nästa: samtycke');
      await h.waitForBotText('Verksamheter som får utbyta uppgifter');
      // Required fields are checked in the client: nothing is sent, the messages show by the fields.
      await h.clickCardButton('Registrera samtycke');
      await h.lastCard().getByText('Välj minst ett alternativ.').first().waitFor({ state: 'visible' });
      await h.lastCard().getByText('Fyll i det här fältet.').first().waitFor({ state: 'visible' });
      await h.screenshot('e2e-meeting-plan-0-required');
      await h.chooseCardOption('Verksamheter som får utbyta uppgifter', 'Norrskolan, Lunda kommun');
      await h.chooseCardOption('Verksamheter som får utbyta uppgifter', 'Socialtjänsten, Lunda kommun');
      await h.chooseCardOption('Vilka uppgifter', 'Hem- och familjesituation');
      await h.fillCardInput('Syfte – vilken samverkan', 'Samverkan');
      await h.fillCardInput('Gäller till och med', '2099-06-30');
      await h.chooseCardOption('Hur samtycket lämnades', 'Skriftligt (underskriven blankett)');
      await h.clickCardButton('Registrera samtycke');
      await h.waitForBotText('Konsultationen är skapad: ärende 2026-0001');

      // Call the meeting: Bo Ek picked in the people picker (no one is suggested for this case).
      await h.clickCardButton('Kalla till möte');
      await h.waitForBotText('Kalla till samverkansmöte');
      await h.pickPeople('Deltagare', ['Bo Ek']);
      await h.fillCardInput('Datum', '2099-03-10');
      await h.clickCardButton('Skicka inbjudan');
      // The card says "Skapar möte…" until the outbox has made the event; then the job updates the card
      // itself (updateActivity) — no refresh pressed here.
      await h.waitForBotText(/Mötet är skapat 2099-03-10 09:00\./);
      await h.screenshot('e2e-meeting-plan-1-created');
      assert.match(await h.lastCard().innerText(), /Mötet är skapat 2099-03-10 09:00\./);
      // The join link is a button, not a URL in the text.
      // (The Playground renders an OpenUrl action as a link-like button: found by its text.)
      await h.lastCard().getByText('Anslut till mötet', { exact: true }).waitFor({ state: 'visible' });
      assert.doesNotMatch(await h.lastCard().innerText(), /https:/);
      const invited = standIn.requests().find((r) => r.method === 'POST' && /\/events$/.test(r.url));
      assert.match(
        JSON.stringify(invited?.body),
        /bo\.ek@lunda\.example/,
        'Bo, picked by his Teams user id, is invited',
      );
      assert.ok(!JSON.stringify(invited?.body).includes('29:dev-bo-ek'));
      const attendees = (invited?.body as { attendees?: { emailAddress: { address: string } }[] }).attendees ?? [];
      assert.deepEqual(
        attendees.map((a) => a.emailAddress.address),
        ['bo.ek@lunda.example'],
        'whom the user left ticked or picked, no one else',
      );

      // Agree the plan.
      await h.clickCardButton('Barnets plan');
      await h.waitForBotText('Anledning till planen');
      await h.fillCardInput('Anledning till planen', 'Hög frånvaro');
      await h.fillCardInput('Behov – Trygghet', 'Trygg vuxen');
      await h.fillCardInput('Mål 1', 'Närvaro');
      await h.fillCardInput({ label: 'Med barnets egna ord', nth: 0 }, 'Jag vill gå dit');
      await h.fillCardInput('Insats 1 – vad', 'Morgonsamtal');
      await h.fillCardInput({ label: 'Vem', nth: 0 }, 'Mentor');
      await h.chooseCardOption({ label: 'Verksamhet', nth: 0 }, 'Norrskolan, Lunda kommun');
      await h.fillCardInput({ label: 'Senast', nth: 0 }, '2099-04-01');
      await h.fillCardInput({ label: 'Hur vet vi att det fungerat?', nth: 0 }, 'Närvaro');
      await h.fillCardInput('Barnets önskan om samordningsperson (fråga barnet först)', 'Anna');
      await h.chooseCardOption('Samordningsperson', 'Anna Lind – Norrskolan, Lunda kommun');
      await h.fillCardInput('Uppföljning', '2099-05-01');
      await h.screenshot('e2e-meeting-plan-2-plan');
      await h.clickCardButton('Godkänn planen');
      await h.waitForBotText(/Planen är godkänd \(version 1\)/);

      // The plan card reaches the channel (observed on the Playground's websocket), and a person sees it there.
      let post: PlaygroundEvent | undefined;
      for (let i = 0; i < 40 && !post; i++) {
        await new Promise((r) => setTimeout(r, 250));
        post = events.find((e) => e.action === 'createMessage' && e.actionConversationId === channelId);
      }
      assert.ok(post, 'the plan card reached the Playground channel');
      assert.match(JSON.stringify(post.message), /Barnets plan – ärende 2026-0001/);
      await h.openChat('Samsyn planer - Samordning');
      await h.page.getByText('Barnets plan – ärende 2026-0001').first().waitFor({ timeout: 15_000 });
      await h.screenshot('e2e-meeting-plan-3-channel');

      const graphBodies = JSON.stringify(standIn.requests().map((r) => ({ url: r.url, body: r.body })));
      const channelPost = JSON.stringify(post.message);
      const datas = JSON.stringify(events.flatMap((e) => actionData(e.message?.attachments ?? [])));
      for (const s of secrets) {
        assert.ok(!graphBodies.includes(s), `${s} sent to Graph`);
        assert.ok(!channelPost.includes(s), `${s} in the channel post`);
        assert.ok(!datas.includes(s), `${s} in a card's action data`);
      }
      const eventsCreated = standIn
        .requests()
        .filter((r) => r.method === 'POST' && /\/events$/.test(r.url) && r.status === 201);
      assert.equal(eventsCreated.length, 1, 'one calendar event');
      const channelCreate = standIn.requests().find((r) => r.method === 'POST' && /\/channels$/.test(r.url));
      assert.match(JSON.stringify(channelCreate?.body), /"displayName":"Samsyn 2026-0001 [0-9a-f]{8}"/);
    } finally {
      ws.close();
    }
  });
});
