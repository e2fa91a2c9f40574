/** Case behaviour at the storage door, on both engines: references, concurrency, anonymity, consent. */
import { callMeeting } from '../../src/app/call-meeting';
import { raiseConsentedCase } from '../../src/app/raise-consultation';
import assert from 'node:assert/strict';
import { addParty } from '../../src/app/add-party';
import { anyAreas } from '../support/rules';
import { planWriteRule } from '../../src/domain/plan';
import { isDomainError, type DomainErrorCode } from '../../src/domain/errors';
import { readAuditRows } from '../../src/storage/audit-reader';
import type { Database } from '../../src/storage/database';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
  stageAs,
  contextAs,
} from '../support/world';

const code = (c: DomainErrorCode, field?: string) => (err: unknown) =>
  isDomainError(err) && err.code === c && (field === undefined || err.field === field);

/** Every text value stored anywhere in the case tables (to prove a value was never written). */
async function allStoredText(db: Database): Promise<string> {
  const tables = [
    'child_case',
    'case_party',
    'consent',
    'assessment',
    'meeting',
    'plan_version',
    'case_event',
    'audit_log',
  ];
  const dumps = await Promise.all(tables.map((t) => db.query(`SELECT * FROM ${t}`)));
  return JSON.stringify(dumps.map((d) => d.rows));
}

for (const kind of dbKinds) {
  describe(`case rules at the storage door [${kind}]`, function () {
    let db: Database;
    let clock: FakeClock;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock();
    });
    afterEach(async () => db?.close());

    const consented = () =>
      reposAs(db, people.anna, clock).cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });

    it('numbers cases per organisation unit and year', async () => {
      const anna = reposAs(db, people.anna, clock);
      const a = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      const b = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      const c = await reposAs(db, people.bo, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      assert.deepEqual([a.reference, b.reference, c.reference], ['2026-0001', '2026-0002', '2026-0001']);
      clock.advance(365 * 86_400_000);
      assert.equal((await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails })).reference, '2027-0001');
    });

    it('a stale assessment write gets Conflict and leaves the stored data unchanged', async () => {
      const kase = await consented();
      const anna = reposAs(db, people.anna, clock);
      const first = await anna.assessments.saveAssessment(
        kase.id,
        { answers: { q1: 'Version ett' }, areas: {} },
        0,
        anyAreas({ answers: { q1: 'Version ett' }, areas: {} }),
      );
      const second = await anna.assessments.saveAssessment(
        kase.id,
        { answers: { q1: 'Version två' }, areas: {} },
        first.version,
        anyAreas({ answers: { q1: 'Version två' }, areas: {} }),
      );
      assert.equal(second.version, 2);
      await assert.rejects(
        anna.assessments.saveAssessment(
          kase.id,
          { answers: { q1: 'Gammal flik' }, areas: {} },
          first.version,
          anyAreas({ answers: { q1: 'Gammal flik' }, areas: {} }),
        ),
        code('Conflict'),
      );
      await assert.rejects(
        anna.assessments.saveAssessment(
          kase.id,
          { answers: { q1: 'Ny igen' }, areas: {} },
          0,
          anyAreas({ answers: { q1: 'Ny igen' }, areas: {} }),
        ),
        code('Conflict'),
      );
      const stored = await anna.assessments.getMyAssessment(kase.id);
      assert.deepEqual(stored?.answers, { q1: 'Version två' });
      assert.equal(stored?.version, 2);
      const outcomes = (await readAuditRows(db, { caseId: kase.id }))
        .filter((r) => r.action === 'assessment.write')
        .map((r) => r.outcome);
      assert.deepEqual(outcomes, ['success', 'success', 'conflict', 'conflict']);
    });

    it('plan versions: a stale write is a Conflict and history is kept', async () => {
      const kase = await consented();
      const anna = reposAs(db, people.anna, clock);
      const plan = {
        reason: 'Skolfrånvaro',
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
      await anna.plans.savePlan(kase.id, plan, false, 0, planWriteRule(plan, false));
      await anna.plans.savePlan(
        kase.id,
        { ...plan, reason: 'Skolfrånvaro och oro' },
        false,
        1,
        planWriteRule({ ...plan, reason: 'Skolfrånvaro och oro' }, false),
      );
      await assert.rejects(
        anna.plans.savePlan(
          kase.id,
          { ...plan, reason: 'stale' },
          false,
          1,
          planWriteRule({ ...plan, reason: 'stale' }, false),
        ),
        code('Conflict'),
      );
      await assert.rejects(
        anna.plans.savePlan(kase.id, plan, true, 2, planWriteRule(plan, true)),
        code('Invalid', 'actions'),
      );
      const versions = await anna.plans.listPlanVersions(kase.id);
      assert.deepEqual(
        versions.map((v) => [v.version, v.content.reason]),
        [
          [1, 'Skolfrånvaro'],
          [2, 'Skolfrånvaro och oro'],
        ],
      );
    });

    it('refuses an identifying close reason of an anonymous consultation: not closed, nothing stored', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        stageAs(
          db,
          people.anna,
          clock,
          kase.id,
          { type: 'close', reason: 'Mamma (070–123 45 67) tar över' },
          kase.version,
        ),
        code('IdentifyingData', 'reason'),
      );
      const row = (
        await db.query<{ stage: string; close_reason: string | null }>(
          'SELECT stage, close_reason FROM child_case WHERE id = $1',
          [kase.id],
        )
      ).rows[0];
      assert.deepEqual(row, { stage: 'consultation', close_reason: null });
      assert.ok(!(await allStoredText(db)).includes('123 45 67'));
      const closed = await stageAs(
        db,
        people.anna,
        clock,
        kase.id,
        { type: 'close', reason: 'Råd följt' },
        kase.version,
      );
      assert.equal(closed.stage, 'closed');
    });

    it('refuses identifying data in an anonymous consultation, names the field, and stores nothing of it', async () => {
      const anna = reposAs(db, people.anna, clock);
      const secret = '20150412-2381';
      await assert.rejects(
        anna.cases.createCase({
          kind: 'anonymous',
          details: { ...emptyDetails, tried: `Ring mamma på 070-123 45 67` },
        }),
        code('IdentifyingData', 'tried'),
      );
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        anna.assessments.saveAssessment(
          kase.id,
          { answers: { q1: `Barnet ${secret.replace('-', '')} är oroligt` }, areas: {} },
          0,
          anyAreas({ answers: { q1: `Barnet ${secret.replace('-', '')} är oroligt` }, areas: {} }),
        ),
        code('IdentifyingData', 'answer.q1'),
      );
      await assert.rejects(
        anna.assessments.saveAssessment(
          kase.id,
          {
            answers: {},
            areas: { trygghet: { level: 'some', strengths: '', worries: 'mejla kim@example.se', childView: '' } },
          },
          0,
          anyAreas({
            answers: {},
            areas: { trygghet: { level: 'some', strengths: '', worries: 'mejla kim@example.se', childView: '' } },
          }),
        ),
        code('IdentifyingData', 'area.trygghet.worries'),
      );
      const stored = await allStoredText(db);
      assert.ok(
        !stored.includes('123 45 67') && !stored.includes('201504122381') && !stored.includes('kim@example.se'),
      );
      const outcomes = (await readAuditRows(db))
        .filter((r) => r.actorObjectId === people.anna.objectId)
        .map((r) => `${r.action}:${r.outcome}`);
      assert.deepEqual(outcomes, [
        'case.create:invalid',
        'case.create:success',
        'assessment.write:invalid',
        'assessment.write:invalid',
      ]);
    });

    it('child identity exists only in consented cases (database constraint)', async () => {
      const kase = await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        db.query("UPDATE child_case SET child_name = 'Kim' WHERE id = $1", [kase.id]),
        /identity_only_when_consented/,
      );
    });

    it('an anonymous consultation becomes consented with its mapping kept; identity enters only then', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await anna.assessments.saveAssessment(
        kase.id,
        { answers: { q1: 'Trött' }, areas: {} },
        0,
        anyAreas({ answers: { q1: 'Trött' }, areas: {} }),
      );
      assert.equal((await anna.cases.getCase(kase.id)).child, null);
      await assert.rejects(
        anna.consents.recordConsent(kase.id, consentFor([units.social], clock)),
        code('Invalid', 'kind'),
      );
      const converted = await anna.cases.convertToConsented(
        kase.id,
        { child: childIdentity, consent: consentFor([units.social], clock) },
        kase.version,
      );
      assert.equal(converted.kind, 'consented');
      assert.equal(converted.child?.name, childIdentity.name);
      assert.deepEqual((await anna.assessments.getMyAssessment(kase.id))?.answers, { q1: 'Trött' });
      assert.equal(converted.reference, kase.reference);
    });

    it('consent governs what another unit sees; after withdrawal it sees nothing at all, at once', async () => {
      const kase = await consented();
      const anna = reposAs(db, people.anna, clock);
      await anna.parties.addParty(kase.id, { ...people.bo, role: 'participant' });
      await assert.rejects(
        anna.parties.addParty(kase.id, { ...people.cia, role: 'participant' }),
        code('ConsentRequired'),
      );
      await anna.plans.savePlan(
        kase.id,
        {
          reason: 'Stöd',
          needs: [],
          goals: [],
          actions: [],
          childsWishForLead: '',
          leadProfessional: null,
          followUpDate: null,
          disagreements: '',
          consentId: null,
          recipients: [],
        },
        false,
        0,
        planWriteRule(
          {
            reason: 'Stöd',
            needs: [],
            goals: [],
            actions: [],
            childsWishForLead: '',
            leadProfessional: null,
            followUpDate: null,
            disagreements: '',
            consentId: null,
            recipients: [],
          },
          false,
        ),
      );

      const bo = reposAs(db, people.bo, clock);
      assert.equal((await bo.cases.getCase(kase.id)).child?.name, childIdentity.name);
      assert.equal((await bo.plans.getCurrentPlan(kase.id))?.content.reason, 'Stöd');

      const [consent] = await anna.consents.listConsents(kase.id);
      assert.ok(consent);
      await anna.consents.withdrawConsent(kase.id, consent.id);
      // Not even the reference or the participant list: the case does not exist for them (as for a stranger).
      await assert.rejects(bo.cases.getCase(kase.id), code('NotFound'));
      await assert.rejects(bo.plans.getCurrentPlan(kase.id), code('NotFound'));
      await assert.rejects(bo.parties.listParties(kase.id), code('NotFound'));
      assert.ok(!(await bo.cases.listMyCases()).some((c) => c.id === kase.id), 'nor is it listed');
      assert.equal(
        (await anna.parties.listParties(kase.id)).length,
        2,
        'the own unit still sees it, Bo still listed as a party',
      );
    });

    it('consent expiry takes effect without any write', async () => {
      const kase = await reposAs(db, people.anna, clock).cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock, 1),
      });
      await reposAs(db, people.anna, clock).parties.addParty(kase.id, { ...people.bo, role: 'participant' });
      assert.ok((await reposAs(db, people.bo, clock).cases.getCase(kase.id)).child);
      clock.advance(86_400_000);
      await assert.rejects(reposAs(db, people.bo, clock).cases.getCase(kase.id), code('NotFound'));
    });

    it('meetings invite only units within consent, naming the unit that lacks it', async () => {
      const kase = await consented();
      const anna = reposAs(db, people.anna, clock);
      const when = { startsAt: new Date('2026-03-10T08:00:00Z'), endsAt: new Date('2026-03-10T09:00:00Z') };
      const officer = { ...people.cia, orgUnitId: units.police };
      await assert.rejects(
        anna.meetings.recordMeeting(kase.id, { ...when, invitees: [people.bo, officer] }),
        (e: unknown) => isDomainError(e) && e.code === 'ConsentRequired' && e.detail === units.police,
      );
      assert.equal(
        (await db.query("SELECT * FROM outbox_job WHERE kind = 'meeting.createEvent'")).rows.length,
        0,
        'a refused meeting queues nothing',
      );
      const m = await callMeeting(await contextAs(db, people.anna, clock), kase.id, {
        ...when,
        invitees: [people.bo, people.eve],
      });
      assert.equal(m.status, 'requested');
      assert.match(m.transactionId, /^[0-9a-f-]{36}$/);
      const jobs = (
        await db.query<{ kind: string; payload: { meetingId: string } }>(
          "SELECT kind, payload FROM outbox_job WHERE kind = 'meeting.createEvent'",
        )
      ).rows;
      assert.deepEqual(jobs, [{ kind: 'meeting.createEvent', payload: { meetingId: m.id } }]);
      const parties = await anna.parties.listParties(kase.id);
      assert.ok(
        parties.some((p) => p.objectId === people.bo.objectId && p.role === 'participant'),
        'invitees become parties',
      );
    });

    it('stages move by the rules and a participant may not move them', async () => {
      // Raised through the use case (as every door does), so the history holds its creation too.
      const { kase } = await raiseConsentedCase(await contextAs(db, people.anna, clock), {
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      const anna = reposAs(db, people.anna, clock);
      await addParty(await contextAs(db, people.anna, clock), kase.id, { ...people.bo, role: 'participant' });
      await assert.rejects(
        stageAs(db, people.bo, clock, kase.id, { type: 'advance', to: 'mapping' }, kase.version),
        code('Forbidden'),
      );
      const mapped = await stageAs(db, people.anna, clock, kase.id, { type: 'advance', to: 'mapping' }, kase.version);
      await assert.rejects(
        stageAs(db, people.anna, clock, kase.id, { type: 'advance', to: 'plan-active' }, mapped.version),
        code('Invalid'),
      );
      await assert.rejects(
        stageAs(db, people.anna, clock, kase.id, { type: 'advance', to: 'collaboration' }, kase.version),
        code('Conflict'),
      );
      const closed = await stageAs(
        db,
        people.anna,
        clock,
        kase.id,
        { type: 'close', reason: 'Behovet är tillgodosett' },
        mapped.version,
      );
      assert.equal(closed.stage, 'closed');
      assert.equal(closed.closeReason, 'Behovet är tillgodosett');
      const history = await anna.history.list(kase.id);
      assert.deepEqual(
        history.map((h) => h.type),
        ['created', 'consent.recorded', 'worry.routed', 'party.added', 'stage.advance', 'stage.close'],
      );
    });
  });
}
