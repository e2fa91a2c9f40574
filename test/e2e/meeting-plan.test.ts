/**
 * End to end with the Graph stand-in: through the Agents Playground (the Teams client, its own
 * connector) a named person raises a consented case, calls the meeting and agrees the plan; the
 * event lands in the stand-in's calendar and the bot's plan card in the Playground's channel. A scan
 * of every request body sent to Graph, of the channel post and of every card's action data finds
 * none of the child's identifiers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'undici';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { E2eHarness } from './support/harness';

const secrets = ['Kim', 'Testsson', '2381', '20150412', 'Vera'];
const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
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

describe('e2e: meeting and plan channel through the Playground and the Graph stand-in', function () {
  this.timeout(240_000);
  let h: E2eHarness | undefined;
  let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-graph-'));
    const caPemPath = path.join(dir, 'ca.pem');
    standIn = await startGraphStandIn({
      port: 0, caPemPath, organisationsPath: 'config/organisations.json', planTeamId: 'samsyn-dev-team',
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 50, handOutChannelIds: [channelId] },
    });
    h = await E2eHarness.start({
      name: 'meeting-plan',
      appEnv: { DEFAULT_LOCALE: 'sv', GRAPH_BASE_URL: standIn.url, NODE_EXTRA_CA_CERTS: caPemPath, PLAN_TEAM_ID: 'samsyn-dev-team' },
    });
  });
  after(async () => {
    await h?.stop();
    await standIn?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls the meeting, agrees the plan, and the card appears in the channel — with no child identifiers sent', async () => {
    if (!h || !standIn) throw new Error('not started');
    const pg = h.playgroundUrl;
    const cfg = h.testConfig.config;
    const events: { action: string; actionConversationId?: string; message?: { messageId?: string; attachments?: { content?: unknown }[] } }[] = [];
    const ws = new WebSocket(`${pg.replace('http', 'ws')}/_ws_conversation/v1/conversations/stream`);
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)) as (typeof events)[number]);
    await new Promise((resolve) => (ws.onopen = resolve));
    try {
      await h.sendMessage('ny konsultation med samtycke');
      await h.waitForBotText('Ny konsultation med samtycke');
      const card = events.filter((e) => e.action === 'createMessage' && e.message?.attachments?.length).at(-1);
      const replyToId = card?.message?.messageId;
      assert.ok(replyToId);
      const invoke = async (verb: string, data: Record<string, unknown>) => {
        const r = await fetch(`${pg}/_conversation/v1/invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } }, from: { id: cfg.currentUser.id }, conversation: { id: cfg.personalChat.id }, replyToId }),
        });
        return JSON.stringify(await r.json());
      };
      await invoke('consultation.submit', { mode: 'consented', ageBand: '10-12', worryAreas: 'trygghet', observations: 'Oro', tried: '', childName: 'Kim Testsson', childBirth: '20150412-2381', guardians: 'Vera Vårdnadshavare' });
      const created = await invoke('consent.submit', { caseId: '', guardians: 'Vera Vårdnadshavare', orgUnits: 'lunda-norrskolan,lunda-socialtjansten', categories: 'home-family', purpose: 'Samverkan', validUntil: '2099-06-30' });
      const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(created)?.[1];
      assert.ok(caseId, created);
      const meeting = await invoke('meeting.submit', { caseId, invitees: bo, date: '2099-03-10', time: '09:00', minutes: '60' });
      assert.match(meeting, /Skapar möte/);
      const meetingId = /"meetingId":"([0-9a-f-]{36})"/.exec(meeting)?.[1];
      let status = '';
      for (let i = 0; i < 40 && !/Mötet är skapat/.test(status); i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = await invoke('meeting.status', { caseId, meetingId });
      }
      assert.match(status, /Mötet är skapat 2099-03-10 09:00\. Anslutningslänk: https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

      const agreed = await invoke('plan.agree', {
        caseId, version: 0, reason: 'Hög frånvaro', 'need.trygghet': 'Trygg vuxen', 'goal.0': 'Närvaro', 'goalWords.0': 'Jag vill gå dit',
        'action.0.what': 'Morgonsamtal', 'action.0.who': 'Mentor', 'action.0.unit': 'lunda-norrskolan', 'action.0.byWhen': '2099-04-01', 'action.0.how': 'Närvaro',
        childsWish: 'Anna', lead: anna, followUp: '2099-05-01',
      });
      assert.match(agreed, /Planen är godkänd \(version 1\)/);
      let post: (typeof events)[number] | undefined;
      for (let i = 0; i < 40 && !post; i++) {
        await new Promise((r) => setTimeout(r, 250));
        post = events.find((e) => e.action === 'createMessage' && e.actionConversationId === channelId);
      }
      assert.ok(post, 'the plan card reached the Playground channel');
      assert.match(JSON.stringify(post.message), /Barnets plan – ärende 2026-0001/);
      // And a person sees it: open the channel in the Playground's UI.
      await h.openChat('Samsyn planer - Samordning');
      await h.page.getByText('Barnets plan – ärende 2026-0001').first().waitFor({ timeout: 15_000 });
      await h.screenshot('e2e-meeting-plan-channel');

      const graphBodies = JSON.stringify(standIn.requests().map((r) => ({ url: r.url, body: r.body })));
      const channelPost = JSON.stringify(post.message);
      const datas = JSON.stringify(events.flatMap((e) => actionData(e.message?.attachments ?? [])));
      for (const s of secrets) {
        assert.ok(!graphBodies.includes(s), `${s} sent to Graph`);
        assert.ok(!channelPost.includes(s), `${s} in the channel post`);
        assert.ok(!datas.includes(s), `${s} in a card's action data`);
      }
      assert.ok(standIn.requests().some((r) => r.method === 'POST' && /\/events$/.test(r.url) && r.status === 201));
      const channelCreate = standIn.requests().find((r) => r.method === 'POST' && /\/channels$/.test(r.url));
      assert.match(JSON.stringify(channelCreate?.body), /"displayName":"Samsyn 2026-0001 [0-9a-f]{8}"/);
    } finally {
      ws.close();
    }
  });
});
