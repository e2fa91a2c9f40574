/**
 * "Avvikelser från barnets önskemål ska endast ske av särskilda skäl" (issue 18 item 3): the child
 * named who they want as lead professional in their own voice. The plan card shows the wish and the
 * child's rating beside each area; saving a plan that appoints someone else without a reason comes
 * back on the same form with what was typed and the reason asked for — nothing stored; with a reason
 * it is saved, the reason is in the case history and the plan card shows it while that lead is in
 * place. The same holds for handing the lead role over.
 */
import assert from 'node:assert/strict';
import { saveVoice } from '../../src/app/save-voice';
import { childIdentity, consentFor, contextAs, emptyDetails, people, reposAs, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

const wishFor = (objectId: string) => ({
  areas: { trygghet: { rating: 'sad' as const, good: '', hard: 'Bråk hemma', wish: '' } },
  words: { good: '', hard: '', wish: '' },
  wishedLeadObjectId: objectId,
});

describe('lead professional against the child’s wish (turns)', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  let caseId: string;

  before(async () => {
    bot = await startBot('pglite');
    const anna = reposAs(bot.db, people.anna, bot.clock);
    const kase = await anna.cases.createCase({
      kind: 'consented',
      details: emptyDetails,
      child: childIdentity,
      consent: consentFor([units.social, units.bvc], bot.clock),
    });
    caseId = kase.id;
    await anna.parties.addParty(caseId, { ...people.bo, role: 'participant' });
    await anna.parties.addParty(caseId, { ...people.cia, role: 'participant' });
    // The child wishes for Cia.
    await saveVoice(await contextAs(bot.db, people.anna, bot.clock), caseId, 'child', wishFor(people.cia.objectId), 0);
  });
  after(async () => bot?.close());

  const history = async () =>
    (
      await bot.db.query<{ detail: Record<string, unknown> }>(
        "SELECT detail FROM case_event WHERE case_id = $1 AND type = 'lead.againstChildsWish' ORDER BY seq",
        [caseId],
      )
    ).rows.map((r) => r.detail);

  it("the plan card shows the child's wish and rating; another lead without a reason keeps the form and stores nothing", async () => {
    const open = await bot.invoke(people.anna, 'plan.open', { caseId });
    const shown = visibleText(open.card);
    assert.ok(shown.includes('Barnet önskar Cia BVC som samordningsperson.'), shown);
    assert.ok(shown.includes('Barnets egen bedömning: 🙁 Svårt'), 'the rating beside the area');

    const typed = { caseId, version: '0', reason: 'Oro för hemmet', lead: people.bo.objectId, childsWish: 'Cia' };
    const refused = await bot.invoke(people.anna, 'plan.save', typed);
    assert.equal(refused.status, 200);
    const text = visibleText(refused.card);
    assert.ok(text.includes('Avvikelser från barnets önskemål ska endast ske av särskilda skäl'), text);
    const inputs = inputsOfCard(refused.card);
    assert.equal(inputs.reason, 'Oro för hemmet', 'what was typed is kept');
    assert.equal(inputs.lead, people.bo.objectId);
    const plans = await bot.db.query('SELECT 1 FROM plan_version WHERE case_id = $1', [caseId]);
    assert.equal(plans.rows.length, 0, 'nothing stored');
    assert.deepEqual(await history(), []);
  });

  it('with a reason the plan is saved and the reason is in the case history; the same lead again needs none', async () => {
    const saved = await bot.invoke(people.anna, 'plan.save', {
      caseId,
      version: '0',
      reason: 'Oro för hemmet',
      lead: people.bo.objectId,
      childsWish: 'Cia',
      leadReason: 'Cia är föräldraledig under våren',
    });
    assert.ok(visibleText(saved.card).includes('Planen är sparad (version 1).'), visibleText(saved.card));
    assert.deepEqual(await history(), [
      { role: 'lead-professional', reason: 'Cia är föräldraledig under våren', planVersion: 1 },
    ]);
    const again = await bot.invoke(people.anna, 'plan.save', {
      caseId,
      version: '1',
      reason: 'Oro för hemmet, ändrad',
      lead: people.bo.objectId,
      childsWish: 'Cia',
    });
    assert.ok(visibleText(again.card).includes('Planen är sparad (version 2).'));
    assert.equal((await history()).length, 1);
    // The plan card shows the reason recorded for the lead in place (the field asks only for a new one).
    const reopened = visibleText((await bot.invoke(people.bo, 'plan.open', { caseId })).card);
    assert.ok(
      reopened.includes(
        'Antecknat skäl till att samordningspersonen inte är den barnet önskade: Cia är föräldraledig under våren',
      ),
      reopened,
    );
  });

  it('handing the lead role to someone else than the child wished for needs the reason too, kept on refusal', async () => {
    const refused = await bot.invoke(people.bo, 'handover.offer', {
      caseId,
      role: 'lead-professional',
      receiver: people.anna.objectId,
    });
    assert.ok(visibleText(refused.card).includes('särskilda skäl'), visibleText(refused.card));
    assert.equal(inputsOfCard(refused.card).receiver, people.anna.objectId, 'the choice is kept');
    const none = await bot.db.query('SELECT 1 FROM role_handover WHERE case_id = $1', [caseId]);
    assert.equal(none.rows.length, 0);

    const offered = await bot.invoke(people.bo, 'handover.offer', {
      caseId,
      role: 'lead-professional',
      receiver: people.anna.objectId,
      reason: 'Anna känner familjen sedan förskolan',
    });
    assert.ok(visibleText(offered.card).includes('har fått en förfrågan'), visibleText(offered.card));
    const recorded = await history();
    assert.equal(recorded.length, 2);
    assert.equal(recorded[1]?.reason, 'Anna känner familjen sedan förskolan');
    assert.equal(recorded[1]?.role, 'lead-professional');
  });
});
