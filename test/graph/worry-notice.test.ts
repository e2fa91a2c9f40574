/**
 * The worry reaches the named person through the outbox, against the Graph stand-in: a person who
 * has never talked to the bot gets the app installed in their personal scope (POST
 * /users/{id}/teamwork/installedApps, by catalogue id), the job tries again and the card is sent —
 * exactly once, with two workers claiming jobs side by side, on PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import type { PersonalMessagePort, PersonalNotice, Recipient } from '../../src/app/follow-up-ports';
import { raiseAnonymousConsultation } from '../../src/app/raise-consultation';
import { JobError } from '../../src/domain/errors';
import { graphPersonalAppInstaller } from '../../src/graph/personal-app-install';
import { jobHandlers } from '../../src/jobs/catalog';
import type { Database } from '../../src/storage/database';
import { FollowUpJobStore } from '../../src/storage/follow-up-job-store';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { dbKinds, openTestDatabase } from '../support/databases';
import { contextAs, FakeClock, people, seedWorld, units } from '../support/world';
import { standInWithClient, testTeamsAppId } from './support';

for (const kind of dbKinds) {
  describe(`the worry reaches the named person: proactive installation and exactly once [${kind}]`, function () {
    this.timeout(120_000);
    let db: Database;
    let env: Awaited<ReturnType<typeof standInWithClient>>;
    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      env = await standInWithClient();
    });
    after(async () => {
      await env.close();
      await db.close();
    });

    it('installs the app for a named person who never talked to the bot, then sends the card once across two workers', async () => {
      const clock = new FakeClock();
      const installed = () => env.standIn.appCatalog().userInstallations.map((i) => i.userId);
      const sent: { to: Recipient; notice: PersonalNotice }[] = [];
      // The bot can write to her only once the app is installed for her (Teams then opens the chat).
      const notifier: PersonalMessagePort = {
        async send(to, notice) {
          if (!installed().includes(to.objectId))
            throw new JobError('RecipientUnreachable', true, 'no conversation yet');
          sent.push({ to, notice });
          return { activityId: `1:${sent.length}` };
        },
      };
      const installer = graphPersonalAppInstaller(env.graph, testTeamsAppId);
      const worker = (name: string) => {
        const store = new SystemStore(db, clock, name);
        const handlers = jobHandlers(
          {
            store,
            calendar: null,
            channels: null,
            poster: {
              post: () => Promise.reject(new Error('no posts')),
              update: () => Promise.reject(new Error('no posts')),
            },
            config: { planTeamId: undefined, planChannelOnClose: 'archive' },
            clock,
            followUps: { store: new FollowUpJobStore(db, store), notifier, installer },
          },
          ['worry.notify'],
        );
        return () => runOutboxOnce(new Outbox(db, clock), handlers, name, { limit: 10 });
      };
      const [a, b] = [worker('instance-a'), worker('instance-b')];

      const raised = await raiseAnonymousConsultation(
        await contextAs(db, people.eve, clock),
        { ageBand: '6-9', worryAreas: [], observations: 'Ofta hungrig', tried: '' },
        units.school,
      );
      const caseId = raised.kase.id;
      assert.deepEqual(
        raised.namedPersons.map((p) => p.objectId),
        [people.anna.objectId],
      );

      await Promise.all([a(), b()]);
      assert.equal(sent.length, 0, 'not reachable on the first try');
      const catalogId = env.standIn.appCatalog().apps.find((x) => x.externalId === testTeamsAppId)?.id;
      const installs = env.standIn
        .requests()
        .filter((r) => r.method === 'POST' && r.url === `/v1.0/users/${people.anna.objectId}/teamwork/installedApps`);
      assert.deepEqual(
        installs.map((r) => [r.status, r.body]),
        [[201, { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}` }]],
        'installed once, by catalogue id',
      );
      assert.deepEqual(installed(), [people.anna.objectId]);

      for (let i = 0; i < 3; i += 1) {
        clock.advance(10 * 60_000);
        await Promise.all([a(), b()]);
      }
      assert.deepEqual(
        sent.map((s) => [s.to.objectId, s.notice.kind, s.notice.caseId]),
        [[people.anna.objectId, 'worry.received', caseId]],
        'sent exactly once',
      );
      const job = await db.query<{ state: string }>(
        "SELECT state FROM outbox_job WHERE kind = 'worry.notify' AND case_id = $1",
        [caseId],
      );
      assert.deepEqual(
        job.rows.map((r) => r.state),
        ['done'],
      );
    });
  });
}
