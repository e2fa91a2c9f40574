/**
 * Access tests generated from the repository interface: every case-scoped method of every
 * repository, child tables included, gives a non-party NotFound and writes a denied audit row,
 * while the same call by a party succeeds (the positive control). A method added to a repository
 * without a row in the table below fails the first test.
 */
import assert from 'node:assert/strict';
import { consulteeAddRule, groupActionsRule, outcomeRule, stageChangeRule } from '../../src/domain/case';
import { followUpWriteRule } from '../../src/domain/follow-up';
import { anyAreas } from '../support/rules';
import { planWriteRule } from '../../src/domain/plan';
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../src/app/ports';
import type { ChildCase } from '../../src/domain/case';
import { isDomainError } from '../../src/domain/errors';
import type { Database } from '../../src/storage/database';
import { readAuditRows } from '../../src/storage/audit-reader';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  emptyDetails,
  FakeClock,
  groupDetails,
  people,
  reposAs,
  seedWorld,
  units,
} from '../support/world';

interface Fixture {
  kase: ChildCase;
  /** An anonymous consultation with the same parties (for conversion). */
  anon: ChildCase;
  /** A group consultation (issue 17, item 3). */
  group: ChildCase;
  consentId: string;
  meetingId: string;
  /** A hand-over of the named person role offered by Bo to Anna. */
  handoverId: string;
}

type Call = (r: Repositories, caseId: string, f: Fixture) => Promise<unknown>;

const emptyPlan = {
  reason: '',
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

const agreedPlan = {
  ...emptyPlan,
  reason: 'Frånvaro',
  actions: [
    { what: 'Morgonmöte', who: 'Anna Skola', orgUnitId: units.school, byWhen: '2026-03-30', howWeWillKnow: 'Närvaron' },
  ],
  childsWishForLead: 'Anna',
  leadProfessional: {
    tenantId: people.anna.tenantId,
    objectId: people.anna.objectId,
    displayName: people.anna.displayName,
    orgUnitId: units.school,
  },
  followUpDate: '2026-03-20',
};

/** One row per case-scoped method. Calls by the party must succeed on a fresh fixture. */
const caseScoped: Record<string, Call> = {
  'cases.getCase': (r, id) => r.cases.getCase(id),
  'cases.changeStage': (r, id, f) =>
    r.cases.changeStage(id, stageChangeRule({ type: 'advance', to: 'mapping' }, f.kase.version), null),
  'cases.convertToConsented': (r, id, f) =>
    r.cases.convertToConsented(
      id,
      { child: childIdentity, consent: consentFor([units.social], new FakeClock()) },
      f.anon.version,
    ),
  'cases.recordOutcome': (r, id, f) => r.cases.recordOutcome(id, 'continued', outcomeRule(f.anon.version)),
  'cases.saveGroupActions': (r, id, f) =>
    r.cases.saveGroupActions(id, ['Lugnare övergångar'], groupActionsRule(f.group.version)),
  'consultationRequests.requestConsultation': (r, id) =>
    r.consultationRequests.requestConsultation(
      id,
      units.social,
      consulteeAddRule({ orgUnitId: units.social }, new FakeClock().now()),
    ),
  'history.list': (r, id) => r.history.list(id),
  'history.record': (r, id) => r.history.record(id, { type: 'note', detail: {} }),
  'jobs.enqueue': (r, id) => r.jobs.enqueue(id, { kind: 'plan.publish', key: `test:${id}`, payload: { caseId: id } }),
  'parties.listParties': (r, id) => r.parties.listParties(id),
  'parties.listPartiesWithTeamsIds': (r, id) => r.parties.listPartiesWithTeamsIds(id),
  'parties.addParty': (r, id) =>
    r.parties.addParty(id, { ...people.cia, orgUnitId: units.school, role: 'participant' }),
  'parties.endRole': (r, id) => r.parties.endRole(id, 'participant'),
  'parties.addNamedPersons': (r, id) => r.parties.addNamedPersons(id, units.school),
  'parties.removeParty': (r, id) =>
    r.parties.removeParty(id, { tenantId: people.bo.tenantId, objectId: people.bo.objectId, role: 'participant' }),
  'consents.recordConsent': (r, id) => r.consents.recordConsent(id, consentFor([units.bvc], new FakeClock())),
  'consents.withdrawConsent': (r, id, f) => r.consents.withdrawConsent(id, f.consentId),
  'consents.listConsents': (r, id) => r.consents.listConsents(id),
  'assessments.listAssessments': (r, id) => r.assessments.listAssessments(id),
  'assessments.getMyAssessment': (r, id) => r.assessments.getMyAssessment(id),
  'assessments.saveAssessment': (r, id) =>
    r.assessments.saveAssessment(
      id,
      { answers: { q1: 'Frånvaro' }, areas: {} },
      0,
      anyAreas({ answers: { q1: 'Frånvaro' }, areas: {} }),
    ),
  'meetings.recordMeeting': (r, id) =>
    r.meetings.recordMeeting(id, {
      startsAt: new Date('2026-03-10T08:00:00Z'),
      endsAt: new Date('2026-03-10T09:00:00Z'),
      invitees: [people.bo],
    }),
  'meetings.getMeeting': (r, id, f) => r.meetings.getMeeting(id, f.meetingId),
  'meetings.listMeetings': (r, id) => r.meetings.listMeetings(id),
  'plans.savePlan': (r, id) => r.plans.savePlan(id, emptyPlan, false, 0, planWriteRule(emptyPlan, false)),
  'plans.getCurrentPlan': (r, id) => r.plans.getCurrentPlan(id),
  'plans.listPlanVersions': (r, id) => r.plans.listPlanVersions(id),
  'plans.getPublication': (r, id) => r.plans.getPublication(id),
  'drafts.getDraft': (r, id) => r.drafts.getDraft('wheel', id),
  'drafts.saveDraft': (r, id) => r.drafts.saveDraft('wheel', id, { 'trygghet.worries': 'Oro' }),
  'drafts.deleteDraft': (r, id) => r.drafts.deleteDraft('wheel', id),
  'followUps.recordFollowUp': async (r, id) => {
    await r.plans.savePlan(id, agreedPlan, true, 0, planWriteRule(agreedPlan, true));
    const record = {
      actionResults: [{ action: 0, status: 'partly' as const, evidence: 'Närvaron har ökat' }],
      areaLevels: { trygghet: 'some' as const },
      nextFollowUpDate: '2026-04-01',
      outcome: 'continue' as const,
      reason: '',
    };
    const reviewed = {
      caseId: id,
      version: 1,
      content: agreedPlan,
      agreed: true,
      authorName: '',
      createdAt: new Date(),
    };
    return r.followUps.recordFollowUp(
      id,
      { reviewed, content: agreedPlan, record },
      1,
      followUpWriteRule(record, agreedPlan, '2026-03-02'),
    );
  },
  'followUps.listFollowUps': (r, id) => r.followUps.listFollowUps(id),
  'handovers.offerHandover': async (r, id) => {
    await r.parties.addParty(id, { ...people.anna, role: 'lead-professional' });
    return r.handovers.offerHandover(id, 'lead-professional', people.bo);
  },
  'handovers.decideHandover': (r, id, f) => r.handovers.decideHandover(id, f.handoverId, true),
  'handovers.listHandovers': (r, id) => r.handovers.listHandovers(id),
  'lenses.getLenses': (r, id) => r.lenses.getLenses(id),
  'lenses.chooseLenses': (r, id) => r.lenses.chooseLenses(id, ['resilience-matrix'], 0, () => undefined),
  'lenses.saveLensContent': async (r, id) => {
    await r.lenses.chooseLenses(id, ['resilience-matrix'], 0, () => undefined);
    return r.lenses.saveLensContent(
      id,
      'resilience-matrix',
      { kind: 'matrix', placement: { x: 1, y: 1 }, notes: {} },
      1,
      () => undefined,
    );
  },
  'voices.getVoices': (r, id) => r.voices.getVoices(id),
  'voices.listVersions': (r, id) => r.voices.listVersions(id, 'child'),
  'voices.saveVoice': (r, id) =>
    r.voices.saveVoice(id, 'child', { areas: {}, words: { good: 'Bra', hard: '', wish: '' }, wishedLead: null }, 0, []),
};

/** Which of the fixture's cases a method works on. */
const onAnonymous = new Set([
  'cases.convertToConsented',
  'cases.recordOutcome',
  'consultationRequests.requestConsultation',
]);
const targetOf = (name: string, f: Fixture): ChildCase =>
  name === 'cases.saveGroupActions' ? f.group : onAnonymous.has(name) ? f.anon : f.kase;

/** Methods that are not about one existing case, or answer a boolean; covered by their own tests below. */
const unscoped = new Set([
  'cases.createCase',
  'cases.listMyCases',
  'cases.stillVisible',
  // By a request id, for a member of the asked function who is not a party yet (test/turn/consultees.test.ts).
  'consultationRequests.takeConsultation',
  // Only for a consultee the consented case no longer shows (test/storage/frozen-consultation.test.ts).
  'frozenConsultations.listFrozenConsultations',
  'frozenConsultations.getFrozenConsultation',
]);

function methodNames(repos: Repositories): string[] {
  return Object.entries(repos).flatMap(([repoName, repo]) =>
    Object.getOwnPropertyNames(Object.getPrototypeOf(repo))
      .filter((m) => m !== 'constructor')
      .map((m) => `${repoName}.${m}`),
  );
}

for (const kind of dbKinds) {
  describe(`access control and audit at the repository door [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    after(async () => db?.close());

    async function fixture(): Promise<Fixture> {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      await anna.parties.addParty(kase.id, { ...people.bo, role: 'participant' });
      const [consent] = await anna.consents.listConsents(kase.id);
      assert.ok(consent);
      const anon = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await anna.parties.addParty(anon.id, { ...people.bo, role: 'participant' });
      const group = await anna.cases.createCase({ kind: 'anonymous', details: groupDetails });
      const meeting = await anna.meetings.recordMeeting(kase.id, {
        startsAt: new Date('2026-03-11T08:00:00Z'),
        endsAt: new Date('2026-03-11T09:00:00Z'),
        invitees: [people.bo],
      });
      await anna.parties.addParty(kase.id, { ...people.bo, role: 'named-person' });
      const handover = await reposAs(db, people.bo, clock).handovers.offerHandover(
        kase.id,
        'named-person',
        people.anna,
      );
      clock.advance(1000); // Bo's rows (another unit's chain) sort before what the test does next
      return {
        kase: await anna.cases.getCase(kase.id),
        anon: await anna.cases.getCase(anon.id),
        group: await anna.cases.getCase(group.id),
        consentId: consent.id,
        meetingId: meeting.id,
        handoverId: handover.id,
      };
    }

    it('the table names every repository method', () => {
      const names = methodNames(reposAs(db, people.eve, clock));
      assert.ok(names.length >= 20, `found ${names.length} methods`);
      const missing = names.filter((n) => !(n in caseScoped) && !unscoped.has(n));
      assert.deepEqual(missing, [], 'add a row to caseScoped (or unscoped) for each new method');
      assert.deepEqual(
        Object.keys(caseScoped).filter((n) => !names.includes(n)),
        [],
        'rows for methods that no longer exist',
      );
    });

    for (const [name, call] of Object.entries(caseScoped)) {
      it(`${name}: a non-party gets NotFound and a denied audit row; a party succeeds`, async () => {
        const f = await fixture();
        const target = targetOf(name, f);
        const before = await readAuditRows(db, { caseId: target.id });

        await assert.rejects(
          call(reposAs(db, people.eve, clock), target.id, f),
          (err: unknown) => isDomainError(err) && err.code === 'NotFound',
        );

        const after = await readAuditRows(db, { caseId: target.id });
        const added = after.filter((a) => !before.some((b) => b.id === a.id));
        assert.equal(added.length, 1);
        assert.equal(added[0]?.actorObjectId, people.eve.objectId);
        assert.equal(added[0]?.outcome, 'denied');
        assert.equal(added[0]?.caseId, target.id);

        await call(reposAs(db, people.anna, clock), target.id, f);
        const success = (await readAuditRows(db, { caseId: target.id })).at(-1);
        assert.equal(success?.outcome, 'success');
        assert.equal(success?.actorObjectId, people.anna.objectId);
      });

      it(`${name}: an unknown or malformed case id is NotFound and audited`, async () => {
        const f = await fixture();
        for (const id of [randomUUID(), 'not-a-uuid']) {
          const count = (await readAuditRows(db)).length;
          await assert.rejects(
            call(reposAs(db, people.anna, clock), id, f),
            (err: unknown) => isDomainError(err) && err.code === 'NotFound',
          );
          const rows = await readAuditRows(db);
          assert.equal(rows.length, count + 1);
        }
      });
    }

    it('listMyCases shows a non-party nothing, and is audited', async () => {
      const f = await fixture();
      const mine = await reposAs(db, people.anna, clock).cases.listMyCases();
      assert.ok(mine.some((c) => c.id === f.kase.id));
      const theirs = await reposAs(db, people.eve, clock).cases.listMyCases();
      assert.ok(!theirs.some((c) => c.id === f.kase.id));
      const rows = (await readAuditRows(db)).filter(
        (r) => r.action === 'case.list' && r.actorObjectId === people.eve.objectId,
      );
      assert.ok(rows.length >= 1);
    });

    it('stillVisible (an open event stream): true for a party, unaudited; false for anyone else, audited as a denied case.watch', async () => {
      const f = await fixture();
      const count = (await readAuditRows(db, { caseId: f.kase.id })).length;
      assert.equal(await reposAs(db, people.anna, clock).cases.stillVisible(f.kase.id), true);
      assert.equal(
        (await readAuditRows(db, { caseId: f.kase.id })).length,
        count,
        'a passed check reads no case data and writes no row',
      );
      assert.equal(await reposAs(db, people.eve, clock).cases.stillVisible(f.kase.id), false);
      const added = (await readAuditRows(db, { caseId: f.kase.id })).slice(count);
      assert.deepEqual(
        added.map((a) => [a.action, a.outcome, a.actorObjectId]),
        [['case.watch', 'denied', people.eve.objectId]],
      );
    });

    it('createCase is refused, and audited, for a role that does not work with cases', async () => {
      await assert.rejects(
        reposAs(db, people.lars, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails }),
        (err: unknown) => isDomainError(err) && err.code === 'Forbidden',
      );
      const rows = (await readAuditRows(db)).filter(
        (r) => r.action === 'case.create' && r.actorObjectId === people.lars.objectId,
      );
      assert.deepEqual(
        rows.map((r) => r.outcome),
        ['denied'],
      );
    });
  });
}
