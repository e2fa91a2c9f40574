/**
 * The family's addresses on a meeting (migration 0013) are held only until the event exists or the
 * job fails for good: then they are blanked and who was invited stays — on both engines.
 */
import assert from 'node:assert/strict';
import type { MeetingForJob } from '../../src/app/create-meeting-event';
import type { Database } from '../../src/storage/database';
import { SystemStore } from '../../src/storage/system-store';
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

const family = [
  { kind: 'guardian' as const, name: 'Vårdnadshavare Ett', email: 'ett@example.org' },
  { kind: 'child' as const, name: null, email: 'barn@example.org' },
];

for (const kind of dbKinds) {
  describe(`meeting: the family's addresses until the event exists [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    const clock = new FakeClock();

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    after(async () => db?.close());

    async function meetingWithFamily(): Promise<{ meetingId: string; job: MeetingForJob }> {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      const meeting = await anna.meetings.recordMeeting(kase.id, {
        startsAt: new Date(clock.now().getTime() + 86_400_000),
        endsAt: new Date(clock.now().getTime() + 90_000_000),
        invitees: [people.bo],
        family,
      });
      assert.deepEqual(meeting.familyInvited, [
        { kind: 'guardian', name: 'Vårdnadshavare Ett' },
        { kind: 'child', name: null },
      ]);
      assert.ok(!JSON.stringify(meeting).includes('@example.org'), 'the meeting as the app reads it has no address');
      const job = await new SystemStore(db, clock, 'w').meetingForJob(meeting.id);
      assert.ok(job);
      assert.deepEqual(job.family, [{ email: 'ett@example.org' }, { email: 'barn@example.org' }]);
      return { meetingId: meeting.id, job };
    }

    const stored = async (id: string) =>
      (
        await db.query<{ status: string; lobby: string | null; family_invitees: unknown }>(
          'SELECT status, lobby, family_invitees FROM meeting WHERE id = $1',
          [id],
        )
      ).rows[0];

    it('blanks them when the event is created, keeping who was invited and the lobby', async () => {
      const { meetingId, job } = await meetingWithFamily();
      await new SystemStore(db, clock, 'w').markMeetingCreated(
        job,
        'event-1',
        'https://teams.example/join',
        'organization',
      );
      assert.deepEqual(await stored(meetingId), {
        status: 'created',
        lobby: 'organization',
        family_invitees: family.map((f) => ({ ...f, email: null })),
      });
      assert.deepEqual((await new SystemStore(db, clock, 'w').meetingForJob(meetingId))?.family, []);
    });

    it('blanks them when the job fails for good', async () => {
      const { meetingId } = await meetingWithFamily();
      await new SystemStore(db, clock, 'w').markMeetingFailedById(meetingId);
      assert.deepEqual(await stored(meetingId), {
        status: 'failed',
        lobby: null,
        family_invitees: family.map((f) => ({ ...f, email: null })),
      });
    });

    it('refuses a lobby state other than the two it knows', async () => {
      const { meetingId } = await meetingWithFamily();
      await assert.rejects(db.query(`UPDATE meeting SET lobby = 'everyone' WHERE id = $1`, [meetingId]));
    });
  });
}
