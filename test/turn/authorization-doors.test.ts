/**
 * Every door of the bot — every card verb, every chat command, the per-user refresh — tried by
 * everyone who must see nothing of a consented case: a stranger of another unit, a colleague of the
 * case's own unit who is not a party, a party whose unit's consent was withdrawn, and a party whose
 * unit's consent has expired. None of them gets anything of the case: not its reference, text,
 * identity, assessments, plan or participants; and nothing they send changes it.
 */
import assert from 'node:assert/strict';
import { anyAreas } from '../support/rules';
import { planWriteRule } from '../../src/domain/plan';
import type { Actor } from '../../src/domain/actor';
import { routedVerbs, commands } from '../../src/teams/routes';
import { childIdentity, consentFor, people, reposAs, units } from '../support/world';
import { startBot, type BotHarness } from './harness';

const marks = {
  seen: 'MARKÖR-SETT-OCH-HÖRT',
  tried: 'MARKÖR-PRÖVAT',
  wheel: 'MARKÖR-HJULET',
  answer: 'MARKÖR-FRÅGA-ETT',
  plan: 'MARKÖR-PLANENS-SKÄL',
  child: childIdentity.name,
  discoverer: people.anna.displayName,
};

const day = 86_400_000;

describe('authorisation at every door of the bot (card verbs, commands, refresh)', function () {
  this.timeout(120_000);
  let bot: BotHarness;
  let caseId: string;
  let reference: string;
  let consentIds: string[];

  before(async () => {
    bot = await startBot();
    const anna = reposAs(bot.db, people.anna, bot.clock);
    // Two earlier cases, so this one's reference is not the help card's example (2026-0001).
    for (let i = 0; i < 2; i++)
      await anna.cases.createCase({ kind: 'anonymous', details: { worryAreas: [], observations: '', tried: '' } });
    const kase = await anna.cases.createCase({
      kind: 'consented',
      details: { ageBand: '6-9', worryAreas: ['trygghet'], observations: marks.seen, tried: marks.tried },
      child: childIdentity,
      consent: consentFor([units.social], bot.clock, 180),
    });
    caseId = kase.id;
    reference = kase.reference;
    await anna.consents.recordConsent(caseId, consentFor([units.bvc], bot.clock, 10));
    await anna.parties.addParty(caseId, { ...people.bo, role: 'participant' });
    await anna.parties.addParty(caseId, { ...people.cia, role: 'participant' });
    await anna.assessments.saveAssessment(
      caseId,
      {
        answers: { q1: marks.answer },
        areas: { trygghet: { level: 'some', strengths: '', worries: marks.wheel, childView: '' } },
      },
      0,
      anyAreas({
        answers: { q1: marks.answer },
        areas: { trygghet: { level: 'some', strengths: '', worries: marks.wheel, childView: '' } },
      }),
    );
    await reposAs(bot.db, people.bo, bot.clock).assessments.saveAssessment(
      caseId,
      { answers: { q1: marks.answer }, areas: {} },
      0,
      anyAreas({ answers: { q1: marks.answer }, areas: {} }),
    );
    const plan = {
      reason: marks.plan,
      needs: [],
      goals: [],
      actions: [],
      childsWishForLead: '',
      leadProfessional: null,
      followUpDate: null,
      disagreements: '',
      consentId: null,
      recipients: [],
    };
    await anna.plans.savePlan(caseId, plan, false, 0, planWriteRule(plan, false));
    consentIds = (await anna.consents.listConsents(caseId)).map((c) => c.id);
    // Bo's unit: consent withdrawn. Cia's unit: consent expired (ten days, the clock moves eleven).
    const social = (await anna.consents.listConsents(caseId)).find((c) => c.orgUnitIds.includes(units.social));
    await anna.consents.withdrawConsent(caseId, social?.id ?? '');
    bot.clock.advance(11 * day);
  });
  after(async () => bot.close());

  const viewers: readonly [string, Actor][] = [
    ['a stranger of another unit', people.lars],
    ['a colleague of the own unit who is not a party', people.eve],
    ['a party whose consent was withdrawn', people.bo],
    ['a party whose consent expired', people.cia],
  ];

  function assertNothingOf(card: unknown, what: string, withReference = true): void {
    const json = JSON.stringify(card);
    for (const [name, mark] of Object.entries(marks)) assert.ok(!json.includes(mark), `${what}: ${name} leaked`);
    if (withReference) assert.ok(!json.includes(reference), `${what}: the reference leaked`);
  }

  async function caseState() {
    const c = await bot.db.query<{ version: number; stage: string }>(
      'SELECT version, stage FROM child_case WHERE id = $1',
      [caseId],
    );
    const counts = await bot.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM assessment WHERE case_id = $1) + (SELECT count(*) FROM plan_version WHERE case_id = $1)
            + (SELECT count(*) FROM case_party WHERE case_id = $1) + (SELECT count(*) FROM consent WHERE case_id = $1)
            + (SELECT count(*) FROM meeting WHERE case_id = $1) + (SELECT count(*) FROM role_handover WHERE case_id = $1) AS n`,
      [caseId],
    );
    const bo = await bot.db.query<{ version: number }>(
      'SELECT version FROM assessment WHERE case_id = $1 AND author_object_id = $2',
      [caseId, people.bo.objectId],
    );
    return { ...c.rows[0], rows: counts.rows[0]?.n, boVersion: bo.rows[0]?.version };
  }

  for (const [who, actor] of viewers) {
    it(`${who}: every card verb answers nothing of the case and changes nothing`, async () => {
      const before = await caseState();
      for (const verb of routedVerbs) {
        const data = {
          caseId,
          version: '1',
          meetingId: caseId,
          handoverId: caseId,
          consentId: consentIds[0] ?? '',
          accept: 'true',
          decision: 'accept',
          reason: 'Stänger',
          q1: 'Nytt svar',
          'trygghet.level': 'none',
          observations: 'Ny text',
          mode: 'consented',
          role: 'named-person',
          receiver: people.eve.objectId,
          invitees: people.eve.objectId,
          date: '2026-12-01',
          time: '10:00',
          duration: '60',
        };
        const r = await bot.invoke(actor, verb, data);
        assert.ok(r.status < 500, `${verb}: status ${r.status}`);
        assertNothingOf(r.body, `${who}, ${verb}`);
      }
      assert.deepEqual(await caseState(), before, 'nothing changed');
    });

    it(`${who}: every chat command with the case's reference answers nothing of the case`, async () => {
      for (const c of commands) {
        const sent = await bot.say(actor, `${c.aliases[0] ?? c.id} ${reference}`);
        // A reply may repeat the reference the user typed ("no case 2026-0001"); nothing else of the case.
        assertNothingOf(sent, `${who}, ${c.id}`, false);
        assert.ok(!JSON.stringify(sent).includes(caseId), `${who}, ${c.id}: the case id leaked`);
      }
    });

    it(`${who}: the refresh of a case card shows nothing, and the attempt is audited as denied`, async () => {
      const r = await bot.invoke(actor, 'case.refresh', { caseId });
      assertNothingOf(r.card, `${who}, refresh`);
      const denied = await bot.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND actor_object_id = $2 AND outcome = 'denied'",
        [caseId, actor.objectId],
      );
      assert.ok(Number(denied.rows[0]?.n) > 0, 'denied attempts are audited');
    });
  }

  it('the parties who may see it still do (the rule is not all-or-nothing)', async () => {
    const r = await bot.invoke(people.anna, 'case.refresh', { caseId });
    const json = JSON.stringify(r.card);
    assert.ok(
      json.includes(marks.seen) && json.includes(marks.child),
      'the own unit sees the content and the identity',
    );
  });
});
