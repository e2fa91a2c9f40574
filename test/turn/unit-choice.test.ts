/**
 * A person whose groups give two units chooses the unit they act for through the chat (issue 14):
 * the command shows the choice card, the card's submit changes the unit for every later turn, and a
 * unit the groups do not give is refused on the card with the choice kept open.
 */
import assert from 'node:assert/strict';
import { replaceMembership } from '../../src/storage/organisations';
import type { Actor } from '../../src/domain/actor';
import { people, tenant, units } from '../support/world';
import { cardOf, inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

const dora: Actor = {
  tenantId: tenant,
  objectId: 'aaaaaaaa-0000-4000-8000-0000000000d0',
  displayName: 'Dora Dubbel',
  orgUnitId: units.school,
  roles: ['professional'],
};

describe('chat: choosing the unit one acts for', function () {
  this.timeout(30_000);
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot('pglite');
    await replaceMembership(bot.db, tenant, [
      ...Object.values(people).map((p) => ({ ...p, email: null })),
      {
        ...dora,
        email: null,
        units: [
          { orgUnitId: units.school, roles: ['professional'] },
          { orgUnitId: units.social, roles: ['professional'] },
        ],
      },
    ]);
  });
  afterEach(async () => bot.close());

  it('shows both units, acts for the chosen one from the next turn on', async () => {
    const [reply] = await bot.say(dora, 'byt enhet');
    const card = cardOf(reply);
    assert.match(visibleText(card), /Vilken enhet agerar du för/);
    assert.match(visibleText(card), /Testskolan \(nu\)/);
    assert.equal(inputsOfCard(card).orgUnitId, units.school);

    const chosen = await bot.invoke(dora, 'unit.choose', { orgUnitId: units.social });
    assert.match(visibleText(chosen.card), /Du agerar nu för/);
    const membership = await bot.db.query<{ org_unit_id: string }>(
      'SELECT org_unit_id FROM membership WHERE object_id = $1',
      [dora.objectId],
    );
    assert.equal(membership.rows[0]?.org_unit_id, units.social);

    // The next turn is built for the chosen unit.
    const again = await bot.invoke(dora, 'unit.open', {});
    assert.equal(inputsOfCard(again.card).orgUnitId, units.social);
  });

  it('refuses a unit the groups do not give, on the card, and keeps the current one', async () => {
    const refused = await bot.invoke(dora, 'unit.choose', { orgUnitId: units.police });
    assert.match(visibleText(refused.card), /ger dina grupper dig inte längre/);
    assert.equal(inputsOfCard(refused.card).orgUnitId, units.school);
  });

  it('someone with one unit is told which unit that is', async () => {
    const [reply] = await bot.say(people.bo, 'enhet');
    assert.match(visibleText(cardOf(reply)), /Du agerar för .*ingen annan enhet/);
  });
});
