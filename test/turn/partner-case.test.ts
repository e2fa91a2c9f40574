/**
 * A partner tenant's professional (tenant B, decision 0008) working on a case of the host (tenant A),
 * in whole turns in the host's shared channel: the activity carries the host's tenant, the bot learns
 * Fredrik's own tenant from the connector's member API. Within his unit's consent (school attendance
 * and learning only) his cards hold exactly that category; on a case whose consent for his unit was
 * withdrawn every door answers nothing; and someone from a tenant on no list gets nothing at any door —
 * card verbs, commands, the per-user refresh — and changes nothing.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import type { Actor } from '../../src/domain/actor';
import { commands, routedVerbs } from '../../src/teams/routes';
import { hiddenFromSchool, spanningAssessment, spanningDetails, spanningPlan } from '../support/categories';
import { startConnectorStandIn } from '../support/connector-standin';
import {
  bup,
  connectorMember,
  fredrik,
  olle,
  regionTenant,
  seedPartner,
  sharedChannel,
} from '../support/partner-world';
import { anyAreas } from '../support/rules';
import { childIdentity, consentFor, people, reposAs, units } from '../support/world';
import { mri, startBot, type BotHarness } from './harness';

const school = ['school-attendance-learning'] as const;

describe('a partner tenant’s professional on the host’s case (whole turns in the shared channel)', function () {
  this.timeout(180_000);
  let bot: BotHarness;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let covered: { id: string; reference: string };
  let withdrawn: { id: string; reference: string };

  before(async () => {
    connector = await startConnectorStandIn({
      rosters: {
        [sharedChannel.id]: [people.anna, people.bo, fredrik, olle].map((a) => connectorMember(a, mri(a))),
      },
    });
    bot = await startBot('pglite', { connectorUrl: connector.url, partnerTenants: [regionTenant], seed: seedPartner });
    const bo = reposAs(bot.db, people.bo, bot.clock);
    // Consent covers the school and the region's BUP for school attendance and learning only.
    const kase = await bo.cases.createCase({
      kind: 'consented',
      details: spanningDetails,
      child: childIdentity,
      consent: consentFor([units.school, bup], bot.clock, 180, [...school]),
    });
    covered = kase;
    await bo.parties.addParty(kase.id, { ...people.anna, role: 'participant' });
    await bo.parties.addParty(kase.id, { ...fredrik, role: 'participant' });
    await bo.assessments.saveAssessment(kase.id, spanningAssessment, 0, anyAreas(spanningAssessment));
    const plan = spanningPlan({ ...people.bo, orgUnitId: units.social });
    await bo.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));

    // A second case: BUP's consent is withdrawn after Fredrik joined.
    const other = await bo.cases.createCase({
      kind: 'consented',
      details: spanningDetails,
      child: childIdentity,
      consent: consentFor([units.school], bot.clock, 180),
    });
    withdrawn = other;
    const forBup = await bo.consents.recordConsent(other.id, consentFor([bup], bot.clock, 180));
    await bo.parties.addParty(other.id, { ...fredrik, role: 'participant' });
    await bo.assessments.saveAssessment(other.id, spanningAssessment, 0, anyAreas(spanningAssessment));
    await bo.consents.withdrawConsent(other.id, forBup.id);
  });
  after(async () => {
    await bot.close();
    await connector.close();
  });

  const inChannel = { id: sharedChannel.id, conversationType: 'channel', tenantId: sharedChannel.tenantId } as const;
  const invoke = (as: Actor, verb: string, data: Record<string, unknown>) =>
    bot.invoke(as, verb, data, 'sv-SE', inChannel);

  async function caseState(caseId: string) {
    const c = await bot.db.query<{ version: number; stage: string }>(
      'SELECT version, stage FROM child_case WHERE id = $1',
      [caseId],
    );
    const rows = await bot.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM assessment WHERE case_id = $1) + (SELECT count(*) FROM plan_version WHERE case_id = $1)
            + (SELECT count(*) FROM case_party WHERE case_id = $1) + (SELECT count(*) FROM consent WHERE case_id = $1)
            + (SELECT count(*) FROM meeting WHERE case_id = $1) + (SELECT count(*) FROM role_handover WHERE case_id = $1) AS n`,
      [caseId],
    );
    return { ...c.rows[0], rows: rows.rows[0]?.n };
  }

  function assertNothingOf(answer: unknown, kase: { id: string; reference: string }, what: string, reference = true) {
    const json = JSON.stringify(answer);
    for (const mark of [...hiddenFromSchool, 'Gillar svenska', 'Matte', childIdentity.name, 'Stöd i matematik'])
      assert.ok(!json.includes(mark), `${what}: "${mark}" leaked`);
    if (reference) assert.ok(!json.includes(kase.reference), `${what}: the reference leaked`);
    assert.ok(!json.includes(kase.id) || !reference, `${what}: the case id leaked`);
  }

  it('within his unit’s consent: his cards hold the school parts only, his reads are audited in his own tenant', async () => {
    const plan = JSON.stringify((await invoke(fredrik, 'plan.open', { caseId: covered.id })).card);
    assert.ok(plan.includes('Stöd i matematik'), 'the school part of the plan is on his card');
    const refresh = JSON.stringify((await invoke(fredrik, 'case.refresh', { caseId: covered.id })).card);
    assert.ok(refresh.includes(childIdentity.name), 'the child’s identity is within the consent');
    for (const card of [plan, refresh])
      for (const hidden of hiddenFromSchool) assert.ok(!card.includes(hidden), `"${hidden}" reached his card`);
    const audit = await bot.db.query<{ actor_tenant_id: string; outcome: string }>(
      "SELECT DISTINCT actor_tenant_id, outcome FROM audit_log WHERE case_id = $1 AND actor_object_id = $2 AND action = 'plan.read'",
      [covered.id, fredrik.objectId],
    );
    assert.deepEqual(audit.rows, [{ actor_tenant_id: regionTenant, outcome: 'success' }]);
  });

  it('beyond it: on a case his unit’s consent no longer covers, every card verb answers nothing and changes nothing', async () => {
    const before = await caseState(withdrawn.id);
    for (const verb of routedVerbs) {
      const r = await invoke(fredrik, verb, { ...probe, caseId: withdrawn.id });
      assert.ok(r.status < 500, `${verb}: status ${r.status}`);
      assertNothingOf(r.body, withdrawn, `Fredrik, ${verb}`);
    }
    assert.deepEqual(await caseState(withdrawn.id), before, 'nothing changed');
  });

  it('a tenant on no list gets nothing at any door — card verbs, commands, refresh — and is never remembered', async () => {
    const before = await caseState(covered.id);
    for (const verb of routedVerbs) {
      const r = await invoke(olle, verb, { ...probe, caseId: covered.id });
      assert.ok(r.status < 500, `${verb}: status ${r.status}`);
      assertNothingOf(r.body, covered, `Olle, ${verb}`);
    }
    for (const c of commands) {
      const sent = await bot.sayIn(olle, `${c.aliases[0] ?? c.id} ${covered.reference}`, sharedChannel);
      assertNothingOf(sent, covered, `Olle, ${c.id}`, false);
    }
    assert.deepEqual(await caseState(covered.id), before, 'nothing changed');
    const remembered = await bot.db.query('SELECT 1 FROM teams_user WHERE object_id = $1', [olle.objectId]);
    assert.equal(remembered.rows.length, 0);
    const audited = await bot.db.query<{ actor_tenant_id: string }>(
      "SELECT actor_tenant_id FROM audit_log WHERE actor_object_id = $1 AND outcome = 'success'",
      [olle.objectId],
    );
    assert.deepEqual(audited.rows, [], 'no read or write succeeded for him');
  });
});

/** Every field a card verb might read: each door gets a well-formed request. */
const probe = {
  version: '1',
  meetingId: '5b0c0000-0000-4000-8000-000000000001',
  handoverId: '5b0c0000-0000-4000-8000-000000000002',
  accept: 'true',
  decision: 'accept',
  reason: 'Stänger',
  q1: 'Nytt svar',
  observations: 'Ny text',
  mode: 'consented',
  role: 'named-person',
  receiver: people.eve.objectId,
  invitees: people.eve.objectId,
  date: '2026-12-01',
  time: '10:00',
  duration: '60',
};
