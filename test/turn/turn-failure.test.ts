/**
 * When the database fails under a turn, the user still gets an answer in their language: a card
 * action an error response (Teams then keeps the card and what was typed in it — a replacement card
 * would lose it), a message a short card. Found by the PostgreSQL-restart fault test, where such turns
 * got HTTP 501 from botbuilder.
 */
import assert from 'node:assert/strict';
import type { Database, Tx } from '../../src/storage/database';
import { people } from '../support/world';
import { cardOf, startBot, visibleText, type BotHarness } from './harness';

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
  let bot: BotHarness;
  let db: Database & { down: boolean };

  beforeEach(async () => {
    bot = await startBot('pglite', { turnErrors: 'logged', database: (base) => (db = switchable(base)) });
  });
  afterEach(async () => bot.close());

  const caseId = '6f1c2f55-3f7e-4c59-9f5b-0c7a4f4b2b11';
  const wheelSave = () =>
    bot.invoke(people.anna, 'wheel.submit', { caseId, version: 0, 'omsorg.strengths': 'Äter frukost' });

  it('a card action when the database is down before the handler: an error response in Swedish, not a replacement card', async () => {
    db.down = true;
    const response = await wheelSave();
    const body = response.body as { statusCode: number; type: string; value: { message: string } };
    assert.equal(response.status, 500, 'as botbuilder answers an error response');
    assert.equal(body.statusCode, 500);
    assert.equal(body.type, 'application/vnd.microsoft.error');
    assert.match(body.value.message, /Det du skrivit finns kvar i kortet/);
    assert.ok(!JSON.stringify(body).includes('Äter frukost'), 'the typed text is not echoed');
  });

  it('a card action whose handler fails on the database: the same error response', async () => {
    // The turn is set up (member, language), then the database goes away under the handler.
    const original = db.transaction.bind(db);
    db.transaction = (fn) => {
      db.down = true;
      return original(fn);
    };
    const body = (await wheelSave()).body as { statusCode: number; type: string };
    assert.deepEqual([body.statusCode, body.type], [500, 'application/vnd.microsoft.error']);
  });

  it('a message when the database is down: a short card in Swedish', async () => {
    db.down = true;
    const sent = await bot.say(people.anna, 'mina ärenden');
    assert.match(visibleText(cardOf(sent.find((a) => a.type === 'message'))), /Något gick fel hos oss/);
  });
});
