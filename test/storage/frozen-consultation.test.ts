/**
 * Issue 17, item 5, on both engines: when an anonymous consultation becomes a consented case, a
 * consultee of a unit the consent does not cover keeps the anonymous phase frozen as it was at the
 * conversion (it identified nobody) and sees nothing added after it; a consultee of a covered unit
 * continues as a party. Reads of the snapshot are audited; anyone else gets NotFound.
 */
import assert from 'node:assert/strict';
import { consulteeAddRule } from '../../src/domain/case';
import { isDomainError } from '../../src/domain/errors';
import type { Database } from '../../src/storage/database';
import { readAuditRows } from '../../src/storage/audit-reader';
import { dbKinds, openTestDatabase } from '../support/databases';
import { anyAreas } from '../support/rules';
import {
  childIdentity,
  consentFor,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
} from '../support/world';

const notFound = (err: unknown) => isDomainError(err) && err.code === 'NotFound';
const entry = (q1: string) => ({ answers: { q1 }, areas: {} });

for (const kind of dbKinds) {
  describe(`the anonymous phase frozen at conversion [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    after(async () => db?.close());

    /** Anna (school) consults Bo (social services) and Cia (BVC), both answer, then the consent covers social services only. */
    async function convertedConsultation() {
      const anna = reposAs(db, people.anna, clock);
      const bo = reposAs(db, people.bo, clock);
      const cia = reposAs(db, people.cia, clock);
      const anon = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      for (const who of [people.bo, people.cia])
        await anna.parties.addParty(anon.id, { ...who, role: 'consultee' }, consulteeAddRule(who, clock.now()));
      await bo.assessments.saveAssessment(anon.id, entry('Råd från socialtjänsten'), 0, anyAreas(entry('x')));
      await cia.assessments.saveAssessment(anon.id, entry('Råd från BVC'), 0, anyAreas(entry('x')));
      clock.advance(60_000);
      const kase = await anna.cases.getCase(anon.id);
      const converted = await anna.cases.convertToConsented(
        anon.id,
        { child: childIdentity, consent: consentFor([units.social], clock) },
        kase.version,
      );
      return { anna, bo, cia, caseId: anon.id, converted };
    }

    it('the uncovered consultee keeps the anonymous phase, nothing identifying and nothing added after it', async () => {
      const { anna, bo, cia, caseId, converted } = await convertedConsultation();
      // Work goes on in the consented case after the conversion.
      clock.advance(60_000);
      const mine = await anna.assessments.getMyAssessment(caseId);
      await anna.assessments.saveAssessment(
        caseId,
        entry('Skrivet efter samtycket'),
        mine?.version ?? 0,
        anyAreas(entry('x')),
      );
      const boEntry = await bo.assessments.getMyAssessment(caseId);
      await bo.assessments.saveAssessment(
        caseId,
        entry('Nytt råd efter samtycket'),
        boEntry?.version ?? 0,
        anyAreas(entry('x')),
      );

      // Cia's unit is not covered: the live case does not exist for her …
      await assert.rejects(cia.cases.getCase(caseId), notFound);
      // … but the anonymous phase does, as it was.
      const listed = await cia.frozenConsultations.listFrozenConsultations();
      assert.deepEqual(
        listed.map((l) => l.reference),
        [converted.reference],
      );
      const frozen = await cia.frozenConsultations.getFrozenConsultation(caseId);
      assert.equal(frozen.reference, converted.reference);
      assert.deepEqual(frozen.details, emptyDetails);
      assert.deepEqual(frozen.assessments.map((a) => [a.authorName, a.answers.q1]).sort(), [
        [people.bo.displayName, 'Råd från socialtjänsten'],
        [people.cia.displayName, 'Råd från BVC'],
      ]);
      assert.deepEqual(
        frozen.participants.map((p) => [p.displayName, p.role]).sort(),
        [
          [people.anna.displayName, 'discoverer'],
          [people.bo.displayName, 'consultee'],
          [people.cia.displayName, 'consultee'],
        ].sort(),
      );
      const text = JSON.stringify(frozen);
      for (const s of [childIdentity.name, childIdentity.personnummer, 'Vårdnadshavare', 'efter samtycket'])
        assert.ok(!text.includes(s), `${s} is in the snapshot`);
      assert.ok(frozen.takenAt.getTime() <= converted.updatedAt.getTime());

      // Her read is audited; a stranger is refused and audited as denied.
      const rows = await readAuditRows(db, { caseId });
      assert.ok(
        rows.some(
          (r) =>
            r.action === 'consultation.snapshotRead' &&
            r.actorObjectId === people.cia.objectId &&
            r.outcome === 'success',
        ),
      );
      await assert.rejects(reposAs(db, people.eve, clock).frozenConsultations.getFrozenConsultation(caseId), notFound);
      assert.ok(
        (await readAuditRows(db, { caseId })).some(
          (r) =>
            r.action === 'consultation.snapshotRead' &&
            r.actorObjectId === people.eve.objectId &&
            r.outcome === 'denied',
        ),
      );
    });

    it('the covered consultee continues in the live case and reads no snapshot — until the consent is withdrawn', async () => {
      const { anna, bo, caseId } = await convertedConsultation();
      const live = await bo.cases.getCase(caseId);
      assert.equal(live.child?.name, childIdentity.name, 'a covered consultee continues as a party');
      assert.deepEqual(
        (await bo.frozenConsultations.listFrozenConsultations()).filter((l) => l.caseId === caseId),
        [],
      );
      await assert.rejects(bo.frozenConsultations.getFrozenConsultation(caseId), notFound);
      // The owner reads the live case, never the snapshot.
      await assert.rejects(anna.frozenConsultations.getFrozenConsultation(caseId), notFound);

      const [consent] = await anna.consents.listConsents(caseId);
      assert.ok(consent);
      await anna.consents.withdrawConsent(caseId, consent.id);
      await assert.rejects(bo.cases.getCase(caseId), notFound);
      const frozen = await bo.frozenConsultations.getFrozenConsultation(caseId);
      assert.equal(frozen.assessments.length, 2, 'the anonymous phase, as it was');
    });

    it('a consultation converted with every unit covered freezes nothing anyone reads', async () => {
      const anna = reposAs(db, people.anna, clock);
      const cia = reposAs(db, people.cia, clock);
      const anon = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await anna.parties.addParty(
        anon.id,
        { ...people.cia, role: 'consultee' },
        consulteeAddRule(people.cia, clock.now()),
      );
      await anna.cases.convertToConsented(
        anon.id,
        { child: childIdentity, consent: consentFor([units.bvc], clock) },
        (await anna.cases.getCase(anon.id)).version,
      );
      assert.equal((await cia.cases.getCase(anon.id)).child?.name, childIdentity.name);
      assert.ok(!(await cia.frozenConsultations.listFrozenConsultations()).some((l) => l.caseId === anon.id));
    });
  });
}
