/**
 * A card field holding characters the database cannot store (NUL, a lone surrogate): the same form
 * comes back with the field named in the user's language and the rest of the text kept; nothing
 * reaches the database, and the turn is not a server error.
 */
import assert from 'node:assert/strict';
import { people } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('chat: input the database cannot store', function () {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('names the field, keeps the rest of the text, stores nothing (sv and en)', async () => {
    for (const [locale, message] of [
      ['sv-SE', /tecken som inte kan sparas/],
      ['en-GB', /characters that cannot be saved/],
    ] as const) {
      const r = await bot.invoke(
        people.anna,
        'consultation.submit',
        {
          mode: 'anonymous',
          ageBand: '6-9',
          worryAreas: 'trygghet',
          observations: 'Trött\u0000 på morgonen',
          tried: 'Samtal \ud800med mentor',
        },
        locale,
      );
      assert.equal(r.status, 200);
      assert.match(visibleText(r.card), message);
      const inputs = inputsOfCard(r.card);
      assert.equal(inputs.observations, 'Trött på morgonen');
      assert.equal(inputs.tried, 'Samtal med mentor');
    }
    assert.equal((await bot.db.query('SELECT 1 FROM child_case')).rows.length, 0);
  });
});
