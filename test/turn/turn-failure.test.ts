/**
 * When the database fails under a turn, the user still gets an answer in their language: a card
 * action an error response (Teams then keeps the card and what was typed in it — a replacement card
 * would lose it), a message a short card. Found by the PostgreSQL-restart fault test, where such turns
 * got HTTP 501 from botbuilder.
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import type { Database, Tx } from '../../src/storage/database';
import { listOrgUnits } from '../../src/storage/organisations';
import { SamsynBot } from '../../src/teams/bot';
import { openTestDatabase } from '../support/databases';
import { FakeClock, people, seedWorld } from '../support/world';
import { mri, visibleText } from './harness';

/** The database, until `down` is set: then every statement fails as a lost connection would. */
function switchable(db: Database): Database & { down: boolean } {
  const lost = () => Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { name: 'Error' }));
  const s = {
    kind: db.kind,
    down: false,
    query: <T>(text: string, params?: readonly unknown[]) => (s.down ? lost() : db.query<T>(text, params)),
    transaction: <T>(fn: (tx: Tx) => Promise<T>) => (s.down ? lost() : db.transaction(fn)),
    close: () => db.close(),
  };
  return s as Database & { down: boolean };
}

describe('chat: a turn whose database fails still gets an answer', function () {
  let base: Database;
  let db: Database & { down: boolean };
  let adapter: TestAdapter;
  const logLines: string[] = [];

  beforeEach(async () => {
    base = await openTestDatabase('pglite');
    await seedWorld(base);
    db = switchable(base);
    const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    const world = { orgUnits: await listOrgUnits(base), wheels: loadWheels(), questions: loadQuestions() };
    const bot = new SamsynBot({ db, calendar: null, world, clock: new FakeClock(), logger, defaultLocale: 'sv', localeForced: false });
    adapter = new TestAdapter(async (context) => bot.run(context));
    adapter.onTurnError = async () => undefined;
  });
  afterEach(async () => base.close());

  async function send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    const as = people.anna;
    await adapter.processActivity({
      channelId: 'msteams',
      locale: 'sv-SE',
      from: { id: mri(as), name: as.displayName, aadObjectId: as.objectId },
      conversation: { id: `personal-${as.objectId}`, tenantId: as.tenantId, conversationType: 'personal', isGroup: false, name: '' },
      channelData: { tenant: { id: as.tenantId } },
      ...activity,
    } as Partial<Activity>);
    return adapter.activeQueue.splice(0);
  }

  const wheelSave = { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'wheel.submit', data: { caseId: '6f1c2f55-3f7e-4c59-9f5b-0c7a4f4b2b11', version: 0, 'omsorg.strengths': 'Äter frukost' } } } } as const;

  it('a card action when the database is down before the handler: an error response in Swedish, not a replacement card', async () => {
    db.down = true;
    const sent = await send(wheelSave);
    const response = sent.find((a) => a.type === 'invokeResponse')?.value as { status: number; body: { statusCode: number; type: string; value: { message: string } } } | undefined;
    assert.equal(response?.status, 500, 'as botbuilder answers an error response');
    assert.equal(response?.body.statusCode, 500);
    assert.equal(response?.body.type, 'application/vnd.microsoft.error');
    assert.match(response?.body.value.message ?? '', /Det du skrivit finns kvar i kortet/);
    assert.ok(!JSON.stringify(response).includes('Äter frukost'), 'the typed text is not echoed');
  });

  it('a card action whose handler fails on the database: the same error response', async () => {
    // The turn is set up (member, language), then the database goes away under the handler.
    const original = db.transaction.bind(db);
    db.transaction = (fn) => {
      db.down = true;
      return original(fn);
    };
    const sent = await send(wheelSave);
    const response = sent.find((a) => a.type === 'invokeResponse')?.value as { body: { statusCode: number; type: string } } | undefined;
    assert.deepEqual([response?.body.statusCode, response?.body.type], [500, 'application/vnd.microsoft.error']);
  });

  it('a message when the database is down: a short card in Swedish', async () => {
    db.down = true;
    const sent = await send({ type: 'message', text: 'mina ärenden' });
    const card = sent.find((a) => a.type === 'message')?.attachments?.[0]?.content as unknown;
    assert.match(visibleText(card), /Något gick fel hos oss/);
  });
});
