/**
 * Our Graph client and typed requests against the stand-in: the production middleware chain
 * (auth header, retry honouring Retry-After) with only base URL and credential changed.
 */
import assert from 'node:assert/strict';
import { graphCalendar } from '../../src/graph/calendar-port';
import { randomUUID } from 'node:crypto';
import {
  addChannelMembers,
  createSharedChannel,
  findChannelByName,
  listChannelMembers,
} from '../../src/graph/channels';
import { isDomainError } from '../../src/domain/errors';
import { standInWithClient } from './support';

const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const cecilia = '6f1c2d3e-0003-4a5b-8c9d-000000000003';

describe('Graph client against the stand-in', function () {
  this.timeout(30_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  beforeEach(async () => {
    env = await standInWithClient({ sharedChannel: { inProgressPolls: 1, completeAfterMs: 50 } });
  });
  afterEach(async () => env.close());

  it('creates the meeting event with the documented body and a bearer token', async () => {
    const calendar = graphCalendar(env.graph);
    const created = await calendar.createMeetingEvent({
      organizerId: anna,
      subject: 'Samverkansmöte – ärende 2026-0042',
      bodyHtml: '<p>x</p>',
      start: new Date('2026-12-03T08:00:00Z'),
      end: new Date('2026-12-03T09:00:00Z'),
      attendees: [{ objectId: bo, email: 'bo.ek@lunda.example', name: 'Bo Ek' }],
      transactionId: '0b9f3c2e-1111-4a5b-8c9d-000000000001',
    });
    assert.match(created.joinUrl ?? '', /19%3ameeting_|19:meeting_/i);
    const sent = env.standIn.requests().find((r) => r.method === 'POST' && r.url.includes('/events'));
    assert.ok(sent);
    assert.equal(sent.url, `/v1.0/users/${anna}/events`);
    assert.match(String(sent.headers.authorization), /^Bearer /);
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.isOnlineMeeting, true);
    assert.equal(body.onlineMeetingProvider, 'teamsForBusiness');
    assert.equal(body.sensitivity, 'private');
    assert.equal(body.transactionId, '0b9f3c2e-1111-4a5b-8c9d-000000000001');
    assert.equal(body.subject, 'Samverkansmöte – ärende 2026-0042');
    const found = await calendar.findEventByTransactionId(anna, '0b9f3c2e-1111-4a5b-8c9d-000000000001');
    assert.equal(found?.eventId, created.eventId);
  });

  it('retries a 429 after Retry-After and a 503, then succeeds', async () => {
    env.standIn.faults.throttle({ method: 'POST', path: '/v1.0/users/*/events' }, { times: 1, retryAfterSeconds: 1 });
    env.standIn.faults.unavailable({ method: 'POST', path: '/v1.0/users/*/events' }, { times: 1 });
    const created = await graphCalendar(env.graph).createMeetingEvent({
      organizerId: anna,
      subject: 'Samverkansmöte – ärende 2026-0043',
      bodyHtml: '',
      start: new Date('2026-12-03T08:00:00Z'),
      end: new Date('2026-12-03T09:00:00Z'),
      attendees: [],
      transactionId: '0b9f3c2e-1111-4a5b-8c9d-000000000002',
    });
    assert.ok(created.eventId);
    const posts = env.standIn.requests().filter((r) => r.method === 'POST' && r.url.includes('/events'));
    assert.deepEqual(
      posts.map((p) => p.status),
      [429, 503, 201],
    );
  });

  it('maps a refused request to our vocabulary (missing permission is not retried)', async () => {
    await assert.rejects(
      graphCalendar(env.graph).createMeetingEvent({
        organizerId: anna,
        subject: '',
        bodyHtml: '',
        start: new Date(),
        end: new Date(),
        attendees: [],
        transactionId: 'x',
      }),
      (err: unknown) =>
        isDomainError(err) && err.code === 'Invalid' && (err as unknown as { retryable: boolean }).retryable === false,
    );
  });

  it('creates a shared channel with one owner, polls the operation, and adds members in one $batch', async () => {
    const ref = await createSharedChannel(
      env.graph,
      'https://graph.microsoft.com',
      { teamId: 'samsyn-dev-team', displayName: 'Samsyn 2026-0042', description: 'Barnets plan', ownerObjectId: anna },
      { attempts: 20, delayMs: 20 },
    );
    assert.ok(ref);
    assert.deepEqual(await findChannelByName(env.graph, 'samsyn-dev-team', 'Samsyn 2026-0042'), ref);
    const results = await addChannelMembers(env.graph, 'https://graph.microsoft.com', ref, [
      { objectId: bo },
      { objectId: cecilia },
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201],
    );
    const create = env.standIn.requests().find((r) => r.method === 'POST' && r.url.endsWith('/channels'));
    const members = (create?.body as { members: { roles: string[]; '@odata.type': string }[] }).members;
    assert.equal(members.length, 1);
    assert.deepEqual(members[0]?.roles, ['owner']);
    assert.equal(env.standIn.requests().filter((r) => r.url === '/v1.0/$batch').length, 1);
  });

  describe('more than one page, more than one batch', () => {
    let paged: Awaited<ReturnType<typeof standInWithClient>>;
    beforeEach(async () => {
      // An open directory (any user id is accepted) and pages of 10: 26 members span three pages.
      paged = await standInWithClient({
        directoryPath: undefined,
        pageSize: 10,
        sharedChannel: { inProgressPolls: 1, completeAfterMs: 50 },
      });
    });
    afterEach(async () => paged.close());

    it('adds 25 members in $batch requests of 20 and 5 built by the SDK, and lists all 26 by following @odata.nextLink', async () => {
      const ref = await createSharedChannel(
        paged.graph,
        'https://graph.microsoft.com',
        {
          teamId: 'samsyn-dev-team',
          displayName: 'Samsyn 2026-0077',
          description: 'Barnets plan',
          ownerObjectId: anna,
        },
        { attempts: 20, delayMs: 20 },
      );
      assert.ok(ref);
      const ids = Array.from({ length: 25 }, () => randomUUID());
      const added = await addChannelMembers(
        paged.graph,
        'https://graph.microsoft.com',
        ref,
        ids.map((objectId) => ({ objectId })),
      );
      assert.deepEqual(
        added.map((r) => r.objectId),
        ids,
        'every member, in order',
      );
      assert.ok(added.every((r) => r.status === 201));
      const batches = paged.standIn.requests().filter((r) => r.url === '/v1.0/$batch');
      assert.deepEqual(
        batches.map((b) => (b.body as { requests: unknown[] }).requests.length),
        [20, 5],
      );
      const step = (
        batches[0]?.body as {
          requests: {
            id: string;
            method: string;
            url: string;
            headers: Record<string, string>;
            body: Record<string, unknown>;
          }[];
        }
      ).requests[0];
      assert.deepEqual(
        [step?.id, step?.method, step?.headers['content-type'], step?.body['user@odata.bind']],
        ['1', 'POST', 'application/json', `https://graph.microsoft.com/v1.0/users('${ids[0]}')`],
      );
      assert.match(
        step?.url ?? '',
        /^\/teams\/samsyn-dev-team\/channels\/[^/]+\/members$/,
        'relative to the version, as Graph wants',
      );

      const members = await listChannelMembers(paged.graph, ref);
      assert.deepEqual(members.map((m) => m.objectId).sort(), [anna, ...ids].sort());
      const gets = paged.standIn.requests().filter((r) => r.method === 'GET' && r.url.includes('/members'));
      assert.equal(gets.length, 3, 'three pages');
      assert.ok(
        gets.slice(1).every((g) => g.url.includes('skiptoken')),
        'the later pages come from @odata.nextLink',
      );
    });
  });
});
