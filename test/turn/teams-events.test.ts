import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { listOrgUnits } from '../../src/storage/organisations';
import type { Database } from '../../src/storage/database';
import { SamsynBot } from '../../src/teams/bot';
import { openTestDatabase } from '../support/databases';
import { FakeClock, people, seedWorld } from '../support/world';
import { cardOf, mri, startBot, visibleText, type BotHarness } from './harness';

describe('chat: group chat mentions, install and the language rule', function () {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('understands a command after an @mention in a group chat', async () => {
    const [reply] = await bot.say(people.anna, '<at>Samsyn</at> mina ärenden');
    assert.match(visibleText(cardOf(reply)), /Mina ärenden/);
  });

  it('is tolerant of extra words and diacritics, and prefers the longest alias', async () => {
    assert.match(visibleText(cardOf((await bot.say(people.anna, 'kan du visa mina arenden tack'))[0])), /Mina ärenden/);
    assert.match(visibleText(cardOf((await bot.say(people.anna, 'ÅTERKALLA SAMTYCKE'))[0])), /Mina ärenden|Samtycken/);
  });

  it("uses the forced DEFAULT_LOCALE over the Teams locale, but the user's own choice over both", async () => {
    const forced = await startBot('pglite', { localeForced: true });
    try {
      assert.match(visibleText(cardOf((await forced.say(people.bo, 'help', 'en-US'))[0])), /Samsyn – hjälp/);
      await forced.say(people.bo, 'language english', 'en-US');
      assert.match(visibleText(cardOf((await forced.say(people.bo, 'help', 'en-US'))[0])), /Samsyn – help/);
    } finally {
      await forced.close();
    }
  });
});

describe('chat: installation', function () {
  let db: Database;
  before(async () => {
    db = await openTestDatabase('pglite');
    await seedWorld(db);
  });
  after(async () => db.close());

  it('sends the help card when the app is installed', async () => {
    const world = { orgUnits: await listOrgUnits(db), wheels: loadWheels(), questions: loadQuestions() };
    const bot = new SamsynBot({
      db,
      calendar: null,
      world,
      clock: new FakeClock(),
      logger: pino({ level: 'silent' }),
      defaultLocale: 'sv',
      localeForced: false,
    });
    const adapter = new TestAdapter(async (context) => bot.run(context));
    await adapter.processActivity({
      type: 'installationUpdate',
      action: 'add',
      channelId: 'msteams',
      from: { id: mri(people.anna), name: people.anna.displayName, aadObjectId: people.anna.objectId },
      conversation: { id: 'c', tenantId: people.anna.tenantId, isGroup: false, conversationType: 'personal', name: '' },
    } as Partial<Activity>);
    const sent = adapter.activeQueue.splice(0);
    assert.match(visibleText(cardOf(sent[0])), /Samsyn – hjälp/);
  });
});
