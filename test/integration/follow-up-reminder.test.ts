/**
 * The reminder and the hand-over offer arrive in the person's personal chat, through the real app
 * (local mode, its own outbox loop, a clock the test moves) and a Bot Connector stand-in: the
 * conversation is the one remembered from the person's own message; for someone who never wrote to
 * the bot in personal scope, the bot opens the conversation first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { freePort } from '../support/net';
import os from 'node:os';
import path from 'node:path';
import { planInputOf } from '../../src/app/plan-input';
import { savePlan } from '../../src/app/save-plan';
import { offerHandover } from '../../src/app/handover';
import { requestScope } from '../../src/storage/request-scope';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import { startApp, type RunningApp } from '../../src/http/app';
import { findActor, listOrgUnits } from '../../src/storage/organisations';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { repositoriesFor } from '../../src/storage/repositories';
import { startConnectorStandIn, type ConnectorCall } from '../support/connector-standin';
import { FakeClock } from '../support/world';
import { persona } from '../support/personas';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cardText = (call: ConnectorCall) => JSON.stringify(call.body.attachments ?? []);

describe('reminders and hand-over offers in the personal chat (the app in local mode, a Bot Connector stand-in)', function () {
  this.timeout(180_000);
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let dir: string;
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-reminder-'));
    connector = await startConnectorStandIn();
    const config = loadConfig({ PORT: String(await freePort()), DATA_DIR: dir });
    app = await startApp(config, createLogger('warn', { write: () => undefined }), { clock, outboxIntervalMs: 50 });
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function message(who: typeof anna, conversation: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        type: 'message',
        text: 'hjälp',
        channelId: 'msteams',
        serviceUrl: connector.url,
        locale: 'sv-SE',
        from: { id: `29:${who.objectId}`, name: who.displayName, aadObjectId: who.objectId },
        recipient: { id: '28:samsyn', name: 'Samsyn' },
        conversation: { tenantId: who.tenantId, ...conversation },
        channelData: { tenant: { id: who.tenantId } },
      }),
    });
    assert.ok(res.status >= 200 && res.status < 300, `message answered ${res.status}`);
  }

  it('the lead is reminded in their personal chat at the due time; the receiver of a hand-over gets the offer in a chat the bot opens', async () => {
    await message(anna, { id: `a:personal-${anna.objectId}`, conversationType: 'personal' });
    await message(bo, { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true });

    const actor = await findActor(app.db, anna.tenantId, anna.objectId);
    assert.ok(actor);
    const repos = repositoriesFor(app.db, actor, 'test-setup', clock);
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Trött', tried: '' },
      child: { name: 'Kim Testsson', personnummer: '20150412-2381', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: [bo.orgUnitId],
        informationCategories: ['home-family'],
        purpose: 'Samverkan',
        validFrom: clock.now(),
        validTo: new Date('2026-12-31T00:00:00Z'),
      },
    });
    const ctx = requestScope(app.db, actor, 'test-setup', clock, {
      orgUnits: await listOrgUnits(app.db),
      wheels: loadWheels(),
      questions: loadQuestions(),
    }).ctx;
    const agreed = await savePlan(
      ctx,
      kase.id,
      planInputOf({
        reason: 'Frånvaro',
        needs: [],
        goals: [],
        actions: [
          {
            what: 'Morgonmöte',
            who: 'Anna Lind',
            orgUnitId: anna.orgUnitId,
            byWhen: '2026-03-30',
            howWeWillKnow: 'Närvaron',
          },
        ],
        childsWishForLead: 'Anna',
        leadProfessional: {
          tenantId: anna.tenantId,
          objectId: anna.objectId,
          displayName: anna.displayName,
          orgUnitId: anna.orgUnitId,
        },
        followUpDate: '2026-03-20',
        disagreements: '',
        consentId: null,
        recipients: [],
      }),
      0,
      true,
    );
    assert.equal(agreed.kind === 'saved' && agreed.agreed, true);

    const personal = `/v3/conversations/${encodeURIComponent(`a:personal-${anna.objectId}`)}/activities`;
    const reminders = () =>
      connector.calls.filter(
        (c) => c.method === 'POST' && c.path.startsWith(personal) && cardText(c).includes('följas upp'),
      );
    clock.advance(new Date('2026-03-13T07:00:00Z').getTime() - clock.now().getTime());
    const [reminder] = await waitFor('the reminder', () => (reminders().length > 0 ? reminders() : undefined));
    assert.ok(reminder);
    assert.match(cardText(reminder), /Planen i ärende 2026-0001 ska följas upp 2026-03-20/);
    assert.ok(!cardText(reminder).includes('Kim'), 'no child data in the reminder');

    await offerHandover(ctx, kase.id, 'lead-professional', bo);
    const offer = await waitFor('the offer', () =>
      connector.calls.find((c) => c.method === 'POST' && cardText(c).includes('handover.accept')),
    );
    const created = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    assert.ok(created, 'the bot opened a conversation with the receiver');
    assert.deepEqual(
      (created.body.members as { id: string }[]).map((m) => m.id),
      [`29:${bo.objectId}`],
    );
    assert.ok(
      offer.path.startsWith(`/v3/conversations/${encodeURIComponent(created.answeredId)}/activities`),
      offer.path,
    );
    const remembered = await app.db.query<{ personal_conversation_id: string }>(
      'SELECT personal_conversation_id FROM teams_user WHERE object_id = $1',
      [bo.objectId],
    );
    assert.equal(
      remembered.rows[0]?.personal_conversation_id,
      created.answeredId,
      'the next message goes to the same chat',
    );

    // Later runs of the loop (same time, more polls) send nothing again.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(reminders().length, 1);
  });
});
