/**
 * Issue 22 item 4: a person's card actions in a row look them up in the membership cache once; the bot
 * keeps who they are for a few seconds. What it keeps is forgotten when this process changes it (the
 * directory sync, a language chosen), and a change made elsewhere is seen once the time is up.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/storage/database';
import { membershipStore } from '../../src/storage/organisations';
import { countingDatabase, type RoundTrips } from '../support/round-trips';
import { people, tenant } from '../support/world';
import { cardOf, startBot, visibleText, type BotHarness } from './harness';

const notMember = /inte med i någon av Samsyns grupper/;
const lookUps = (trips: RoundTrips) => trips.statements.filter((s) => /LEFT JOIN membership m/.test(s)).length;

describe('chat: who the person is, kept between their turns', function () {
  this.timeout(30_000);
  let bot: BotHarness;
  let trips: RoundTrips;
  /** The database as the bot has it (the app gives the directory sync the same). */
  let botDb: Database;
  const start = async (peopleKeptMs?: number) => {
    bot = await startBot('pglite', {
      ...(peopleKeptMs === undefined ? {} : { peopleKeptMs }),
      database: (db) => {
        const counted = countingDatabase(db);
        trips = counted.trips;
        botDb = counted.db;
        return counted.db;
      },
    });
  };
  afterEach(async () => bot.close());

  it('is looked up at the first turn only; removed by the directory sync, they are a stranger at the next', async () => {
    await start();
    await bot.say(people.bo, 'hjälp');
    assert.equal(lookUps(trips), 1, 'the first turn looks them up');
    trips.reset();
    const [again] = await bot.say(people.bo, 'hjälp');
    assert.doesNotMatch(visibleText(cardOf(again)), notMember);
    assert.equal(lookUps(trips), 0, 'the next turn knows them');
    // The sync (this process) no longer finds Bo in any group.
    const rest = await bot.db.query<{ object_id: string; display_name: string; org_unit_id: string; roles: string[] }>(
      'SELECT object_id, display_name, org_unit_id, roles FROM membership WHERE tenant_id = $1 AND object_id <> $2',
      [tenant, people.bo.objectId],
    );
    await membershipStore(botDb).replace(
      tenant,
      rest.rows.map((m) => ({
        tenantId: tenant,
        objectId: m.object_id,
        displayName: m.display_name,
        orgUnitId: m.org_unit_id,
        roles: m.roles as never,
        email: null,
      })),
    );
    const [after] = await bot.say(people.bo, 'hjälp');
    assert.match(visibleText(cardOf(after)), notMember);
  });

  it('answers in the language just chosen, at once', async () => {
    await start();
    await bot.say(people.bo, 'hjälp');
    await bot.say(people.bo, 'språk engelska');
    const [reply] = await bot.say(people.bo, 'hjälp');
    assert.match(visibleText(cardOf(reply)), /New anonymous consultation/);
  });

  it('a change made elsewhere (another instance) is seen once the time kept is up', async () => {
    await start(200);
    await bot.say(people.bo, 'hjälp');
    await bot.db.query('DELETE FROM membership WHERE tenant_id = $1 AND object_id = $2', [tenant, people.bo.objectId]);
    const [soon] = await bot.say(people.bo, 'hjälp');
    assert.doesNotMatch(visibleText(cardOf(soon)), notMember, 'still known within the time kept');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [later] = await bot.say(people.bo, 'hjälp');
    assert.match(visibleText(cardOf(later)), notMember);
  });
});
