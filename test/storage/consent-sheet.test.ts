/**
 * A consent records which version of the family's information sheet was given and how consent was
 * obtained (migration 0010), read back from the consent list; consent links are one-time links of their own kind.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/storage/database';
import { familyPlansFor, redeemDownloadLink } from '../../src/storage/family-plan-repository';
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
} from '../support/world';

for (const kind of dbKinds) {
  describe(`consent: sheet version and how obtained [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    const clock = new FakeClock();

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    after(async () => db?.close());

    it('stores the sheet version and the method, and null for a consent recorded without them', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: { ...consentFor([units.social], clock), sheetVersion: '1', obtainedHow: 'digital' },
      });
      const recorded = await anna.consents.recordConsent(kase.id, consentFor([units.school], clock));
      assert.deepEqual([recorded.sheetVersion, recorded.obtainedHow], [null, null]);
      const listed = await anna.consents.listConsents(kase.id);
      assert.deepEqual(
        listed.map((c) => [c.orgUnitIds[0], c.sheetVersion, c.obtainedHow]).sort(),
        [
          [units.school, null, null],
          [units.social, '1', 'digital'],
        ].sort(),
      );
      await assert.rejects(
        db.query(`UPDATE consent SET obtained_how = 'by-guess' WHERE case_id = $1`, [kase.id]),
        'the method is one of the three',
      );
    });

    it('issues consent links bound to the person and redeemable once, only as their own kind', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      const [token = ''] = await familyPlansFor(db, people.anna, 'req-1', clock).issueConsentLinks(kase.id, [
        { kind: 'consent-withdrawal', locale: 'en', detail: { consentId: 'x' } },
      ]);
      assert.equal(await redeemDownloadLink(db, token, clock, 'consent-sheet'), null);
      const link = await redeemDownloadLink(db, token, clock, 'consent-withdrawal');
      assert.deepEqual([link?.objectId, link?.locale, link?.detail], [people.anna.objectId, 'en', { consentId: 'x' }]);
      assert.equal(await redeemDownloadLink(db, token, clock, 'consent-withdrawal'), null);
    });
  });
}
