/**
 * Information categories at the chat door: the plan card and the case card's personal detail a unit covered for
 * school attendance and learning only gets hold the school area and the school parts of the plan,
 * nothing of health or home; the owning unit's cards hold everything.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import { anyAreas } from '../support/rules';
import { hiddenFromSchool, spanningAssessment, spanningDetails, spanningPlan } from '../support/categories';
import { childIdentity, consentFor, people, reposAs, units } from '../support/world';
import { startBot, type BotHarness } from './harness';

describe('chat: what a unit covered for some categories sees in its cards', function () {
  let bot: BotHarness;
  let caseId: string;
  before(async () => {
    bot = await startBot();
    const bo = reposAs(bot.db, people.bo, bot.clock);
    const kase = await bo.cases.createCase({
      kind: 'consented',
      details: spanningDetails,
      child: childIdentity,
      consent: consentFor([units.school], bot.clock, 180, ['school-attendance-learning']),
    });
    caseId = kase.id;
    await bo.parties.addParty(caseId, { ...people.anna, role: 'participant' });
    await bo.assessments.saveAssessment(caseId, spanningAssessment, 0, anyAreas(spanningAssessment));
    const plan = spanningPlan({ ...people.bo, orgUnitId: units.social });
    await bo.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
  });
  after(async () => bot.close());

  const controls: Record<string, { school: string; owner: string[] }> = {
    'plan.open': {
      school: 'Stöd i matematik',
      owner: ['Utredning av sömnen', 'Morgonsamtal', 'Stöd till föräldrarna'],
    },
    // The per-user refresh: the child's identity, the school year and the school's area of worry.
    'case.refresh': { school: 'Kim Testsson', owner: ['Sover dåligt, bråk hemma', 'Samtal med kurator'] },
  };
  for (const [verb, control] of Object.entries(controls)) {
    it(`${verb}: the school's card holds the school parts only; the owner's card holds everything`, async () => {
      const school = JSON.stringify((await bot.invoke(people.anna, verb, { caseId })).card);
      for (const hidden of hiddenFromSchool) assert.ok(!school.includes(hidden), `"${hidden}" reached the card`);
      const owner = JSON.stringify((await bot.invoke(people.bo, verb, { caseId })).card);
      assert.ok(school.includes(control.school), `control: "${control.school}" is on the school's card`);
      for (const shown of control.owner) assert.ok(owner.includes(shown), `"${shown}" missing from the owner's card`);
    });
  }
});
