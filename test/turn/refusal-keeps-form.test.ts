/**
 * No refusal throws the user's input away: a handler refused by the domain (here: the meeting's
 * invitee works for a unit the consent does not cover) answers with the same form, everything filled
 * in kept, and the refusal's message above it — not a message card in place of the form. Every
 * refusal offers the way forward: the action that fixes it (Registrera samtycke when consent is
 * missing) or, where no form comes back, the way back to the case.
 */
import assert from 'node:assert/strict';
import { people, reposAs } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness, raiseConsentedThroughCards } from './harness';

type CardAction = { type?: unknown; title?: unknown; verb?: unknown; associatedInputs?: unknown; data?: unknown };

/** Every Action.Execute on a card (body ActionSets and the card's actions), in order. */
function executeActions(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  JSON.stringify(card, (_key, value: unknown) => {
    if ((value as CardAction | null)?.type === 'Action.Execute') found.push(value as CardAction);
    return value;
  });
  return found;
}

describe('a refused card action keeps the form (whole turns)', function () {
  this.timeout(120_000);
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot('pglite', { publicBaseUrl: 'https://samsyn.example/' });
  });
  afterEach(async () => bot.close());

  it('the meeting card comes back with its values and "consent missing" when an invitee is not covered', async () => {
    const caseId = await raiseConsentedThroughCards(bot, people.anna);
    const sent = {
      caseId,
      invitees: `${people.bo.objectId},${people.cia.objectId}`,
      date: '2026-04-14',
      time: '10:15',
      minutes: '90',
    };

    const r = await bot.invoke(people.anna, 'meeting.submit', sent);
    assert.equal(r.status, 200);
    const text = visibleText(r.card);
    assert.match(text, /Samtycke saknas för BVC\./);
    assert.match(text, /Kalla till samverkansmöte/, 'the meeting form, not a message card');
    assert.deepEqual(
      { ...inputsOfCard(r.card) },
      // The family section: the guardian the consent names, nobody's address typed.
      // Those picked come back ticked by name above the picker, which starts empty.
      {
        suggested: sent.invitees,
        invitees: '',
        date: sent.date,
        time: sent.time,
        minutes: sent.minutes,
        familyEmail1: '',
      },
    );
    assert.equal((await bot.db.query('SELECT id FROM meeting')).rows.length, 0);

    // The way forward: record the missing consent, from the form itself (sending none of its inputs).
    const fix = executeActions(r.card).filter((a) => a.verb === 'consent.open');
    assert.deepEqual(fix, [
      {
        type: 'Action.Execute',
        title: 'Registrera samtycke',
        verb: 'consent.open',
        associatedInputs: 'none',
        data: { caseId },
        style: 'positive',
      },
    ]);
    const consentForm = await bot.invoke(people.anna, 'consent.open', { caseId });
    assert.match(visibleText(consentForm.card), /^Samtycke$/m, 'the consent form of the same case');
    assert.ok(executeActions(consentForm.card).some((a) => a.verb === 'consent.submit'));
  });

  it('a refusal that consent does not fix offers no consent button (the form and its message only)', async () => {
    const caseId = await raiseConsentedThroughCards(bot, people.anna);
    const r = await bot.invoke(people.anna, 'meeting.submit', { caseId, invitees: '', minutes: '60' });
    assert.match(visibleText(r.card), /Kalla till samverkansmöte/);
    assert.deepEqual(
      executeActions(r.card).map((a) => a.verb),
      ['meeting.submit', 'meeting.suggest', 'case.open'],
    );
  });

  it('where no form comes back, the message card leads back to the case (a role that may not withdraw consent)', async () => {
    const caseId = await raiseConsentedThroughCards(bot, people.anna);
    await reposAs(bot.db, people.anna, bot.clock).parties.addParty(caseId, { ...people.bo, role: 'participant' });
    const consentId = (await bot.db.query<{ id: string }>('SELECT id FROM consent')).rows[0]?.id;

    const r = await bot.invoke(people.bo, 'consent.withdraw', { caseId, consentId });
    assert.equal(r.status, 200);
    assert.match(visibleText(r.card), /Din roll får inte göra detta i ärendet\./);
    assert.deepEqual(
      executeActions(r.card).map((a) => [a.title, a.verb, a.data]),
      [
        ['Tillbaka till ärendet', 'case.open', { caseId }],
        ['Hjälp', 'help.show', undefined],
      ],
    );
    assert.equal(
      (await bot.db.query<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM consent')).rows[0]?.withdrawn_at,
      null,
    );
    const back = await bot.invoke(people.bo, 'case.open', { caseId });
    assert.match(visibleText(back.card), /Ärende 2026-0001/);
  });

  it('a case the person may not see gets no way back to it', async () => {
    const unknown = '3f2a9c1e-7b4d-4e8a-9c6f-2d1b5a7e9c30';
    const r = await bot.invoke(people.bo, 'consent.withdraw', { caseId: unknown, consentId: unknown });
    assert.match(visibleText(r.card), /Ärendet finns inte, eller så har du inte tillgång till det\./);
    assert.deepEqual(
      executeActions(r.card).map((a) => a.verb),
      ['help.show'],
    );
  });

  it('the plan card stays with what was typed when its family-PDF button is refused (no agreed plan yet)', async () => {
    const caseId = await raiseConsentedThroughCards(bot, people.anna);
    const typed = { reason: 'Hög frånvaro', 'goal.0': 'Närvaro', 'action.0.what': 'Morgonsamtal', childsWish: 'Anna' };

    const r = await bot.invoke(people.anna, 'plan.familyPdf', { caseId, version: '0', ...typed });
    assert.equal(r.status, 200);
    assert.match(visibleText(r.card), /Barnets plan/);
    assert.match(
      visibleText(r.card),
      /Ärendet finns inte, eller så har du inte tillgång till det\./,
      'the refusal is said above the form',
    );
    const inputs = inputsOfCard(r.card);
    for (const [field, value] of Object.entries(typed)) assert.equal(inputs[field], value, `${field} is kept`);
    assert.equal((await bot.db.query('SELECT 1 FROM plan_download')).rows.length, 0);
  });
});
