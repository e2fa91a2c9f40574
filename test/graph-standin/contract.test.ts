/**
 * Contract of the Graph DEVELOPMENT STAND-IN: the status codes, headers and shapes our Graph
 * adapter relies on (events, getSchedule, shared-channel async creation, members, $batch,
 * throttling) and the test hooks (faults, request log, reset). Every test starts its own
 * server and closes it afterwards.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { developmentTokenPrefix } from '../../src/graph/graph-client';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { PARTNER_DIRECTORY, PARTNER_TENANT_ID } from '../../tools/graph-standin/partner-tenant';
import { startGraphStandIn, type GraphStandIn, type GraphStandInOptions } from '../../tools/graph-standin/server';
import { call, type Answer, type CallOptions } from './https-client';

const ORGANISATIONS = path.join(__dirname, 'organisations.fixture.json');
const PROJECT_ORGANISATIONS = path.resolve(__dirname, '..', '..', 'config', 'organisations.json');
const TEAM = '3f0c6b2a-1d4e-4c5b-9a8f-000000000001';
const ANNA = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const BO = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const CECILIA = '6f1c2d3e-0003-4a5b-8c9d-000000000003';
const DAVID = '6f1c2d3e-0004-4a5b-8c9d-000000000004';
/** The Teams app (manifest) id configured as TEAMS_APP_ID. */
const MANIFEST_ID = '5d3c1f0e-7a2b-4c6d-9e8f-0a1b2c3d4e5f';
const MEETING_CHAT = '19:meeting_NjM2ZGM2ODktZGE3Zi00YjVkLWIwNzMtYjE4NzE1OWM3M2Ux@thread.v2';
const appBind = (id: string): string => `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${id}`;
const userBind = (id: string): string => `https://graph.microsoft.com/v1.0/users('${id}')`;
const member = (id: string, roles: string[] = []): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  'user@odata.bind': userBind(id),
  roles,
});
const untypedMember = (id: string, roles: string[] = []): Record<string, unknown> => ({
  'user@odata.bind': userBind(id),
  roles,
});
const wEurope = (dateTime: string): { dateTime: string; timeZone: string } => ({
  dateTime,
  timeZone: 'W. Europe Standard Time',
});
const meeting = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  subject: 'Tverrfaglig møte',
  body: { contentType: 'HTML', content: '<p>Agenda</p>' },
  start: wEurope('2026-12-03T09:00:00'),
  end: wEurope('2026-12-03T10:00:00'),
  attendees: [{ emailAddress: { address: 'bo.ek@lunda.example', name: 'Bo Ek' }, type: 'required' }],
  isOnlineMeeting: true,
  onlineMeetingProvider: 'teamsForBusiness',
  sensitivity: 'private',
  ...extra,
});

describe('Graph stand-in contract', function () {
  this.timeout(20_000);
  let standIn: GraphStandIn | undefined;

  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function start(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
    standIn = await startGraphStandIn({
      organisationsPath: ORGANISATIONS,
      planTeamId: TEAM,
      teamsAppId: MANIFEST_ID,
      ...options,
    });
    return standIn;
  }

  function graph(method: string, route: string, options: Partial<CallOptions> = {}): Promise<Answer> {
    assert.ok(standIn, 'start the stand-in first');
    return call(standIn.url, method, `/v1.0${route}`, { ca: standIn.caPem, ...options });
  }

  const channels = `/teams/${TEAM}/channels`;
  const filterByName = (name: string): string =>
    `${channels}?$filter=${encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`)}`;
  const channelPath = (id: string): string => `${channels}/${encodeURIComponent(id)}`;

  /** Creates a shared channel the way our adapter must: 202, poll the operation, read the channel id. */
  async function createSharedChannel(displayName: string, owner = ANNA): Promise<string> {
    const created = await graph('POST', channels, {
      body: { displayName, membershipType: 'shared', members: [member(owner, ['owner'])] },
    });
    assert.equal(created.status, 202, created.text);
    const location = String(created.headers['content-location']);
    for (let poll = 0; poll < 5; poll += 1) {
      const operation = await graph('GET', location);
      if (operation.json.status === 'succeeded') return operation.json.targetResourceId as string;
    }
    assert.fail('the createChannel operation did not succeed');
  }

  it('serves HTTPS that verifies against caPem (and only with it), and writes the CA to caPemPath', async () => {
    const caPemPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'graph-standin-')), 'ca.pem');
    const server = await start({ caPemPath });
    assert.equal(fs.readFileSync(caPemPath, 'utf8'), server.caPem);
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await graph('GET', channels)).status, 200);
    await assert.rejects(call(server.url, 'GET', `/v1.0${channels}`, { ca: null }), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code), /CERT|SIGNATURE|ISSUER/);
      return true;
    });
  });

  it('answers 401 InvalidAuthenticationToken without a bearer token, like Graph', async () => {
    await start();
    const variants: Array<Record<string, string>> = [{}, { authorization: 'Bearer ' }, { authorization: 'Basic abc' }];
    for (const headers of variants) {
      const answer = await graph('GET', channels, { token: null, headers });
      assert.equal(answer.status, 401);
      assert.equal(answer.json.error.code, 'InvalidAuthenticationToken');
      assert.ok(answer.headers['www-authenticate']);
    }
    const batch = await graph('POST', '/$batch', {
      token: null,
      body: { requests: [{ id: '1', method: 'GET', url: channels }] },
    });
    assert.equal(batch.status, 401);
  });

  it('serves a partner tenant’s own directory to that tenant’s development token; an unserved tenant gets 401', async () => {
    await start({
      organisationsPath: undefined,
      directoryPath: DEVELOPMENT_DIRECTORY,
      partnerDirectories: [{ tenantId: PARTNER_TENANT_ID, directoryPath: PARTNER_DIRECTORY }],
    });
    const bup = '/groups/0b0b0000-0005-4000-8000-000000000001/transitiveMembers/microsoft.graph.user';
    const names = (a: Answer) => (a.json.value as { displayName: string }[]).map((u) => u.displayName);
    // The host's directory has the BUP group empty; the region's own has Fredrik Ås in it.
    assert.deepEqual(names(await graph('GET', bup)), []);
    const partner = await graph('GET', bup, { token: `${developmentTokenPrefix}${PARTNER_TENANT_ID}` });
    assert.deepEqual(names(partner), ['Fredrik Ås']);
    assert.equal(
      (await graph('GET', `/users/${ANNA}`, { token: `${developmentTokenPrefix}${PARTNER_TENANT_ID}` })).status,
      404,
      'a host user is not in the partner’s directory',
    );
    const unserved = await graph('GET', bup, {
      token: `${developmentTokenPrefix}00000000-0000-4000-8000-00000000c003`,
    });
    assert.deepEqual([unserved.status, unserved.json.error.code], [401, 'InvalidAuthenticationToken']);
    assert.deepEqual(
      standIn?.requests().map((r) => r.tenantId),
      [
        '00000000-0000-4000-8000-00000000a001',
        PARTNER_TENANT_ID,
        PARTNER_TENANT_ID,
        '00000000-0000-4000-8000-00000000c003',
      ],
    );
  });

  it('creates an online-meeting event: 201 with joinUrl (meeting thread id), transactionId and sensitivity', async () => {
    await start();
    const answer = await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'tx-1' }) });
    assert.equal(answer.status, 201, answer.text);
    const event = answer.json;
    assert.equal(typeof event.id, 'string');
    assert.equal(event.subject, 'Tverrfaglig møte');
    assert.equal(event.transactionId, 'tx-1');
    assert.equal(event.isOnlineMeeting, true);
    assert.equal(event.onlineMeetingProvider, 'teamsForBusiness');
    assert.equal(event.sensitivity, 'private');
    assert.deepEqual(event.start, { dateTime: '2026-12-03T08:00:00.0000000', timeZone: 'UTC' });
    assert.match(decodeURIComponent(event.onlineMeeting.joinUrl), /19:meeting_[A-Za-z0-9]+@thread\.v2/);
    assert.equal(event.attendees[0].emailAddress.address, 'bo.ek@lunda.example');
    assert.match(event.webLink, /^https:\/\//);

    const withoutTransaction = await graph('POST', `/users/${ANNA}/events`, {
      body: meeting(),
      headers: { prefer: 'outlook.timezone="W. Europe Standard Time"' },
    });
    assert.equal('transactionId' in withoutTransaction.json, false, 'Graph returns transactionId only when it was set');
    assert.deepEqual(withoutTransaction.json.start, {
      dateTime: '2026-12-03T09:00:00.0000000',
      timeZone: 'W. Europe Standard Time',
    });

    const fetched = await graph('GET', `/users/${ANNA}/events/${encodeURIComponent(event.id)}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.json.onlineMeeting.joinUrl, event.onlineMeeting.joinUrl);
    assert.equal(
      (await graph('POST', '/users/00000000-dead-4000-8000-000000000000/events', { body: meeting() })).status,
      404,
    );
  });

  it('de-duplicates events by transactionId when on, and creates duplicates when switched off', async () => {
    const server = await start();
    const first = await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'tx-dup' }) });
    const retry = await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'tx-dup' }) });
    assert.equal(retry.status, 201);
    assert.equal(retry.json.id, first.json.id);
    const lookup = `/users/${ANNA}/events?$filter=${encodeURIComponent("transactionId eq 'tx-dup'")}`;
    assert.equal((await graph('GET', lookup)).json.value.length, 1);

    server.setDedup(false);
    const again = await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'tx-dup' }) });
    assert.equal(again.status, 201);
    assert.notEqual(again.json.id, first.json.id);
    assert.equal((await graph('GET', lookup)).json.value.length, 2);
  });

  it('answers 400 for an event without subject, start or end', async () => {
    await start();
    for (const missing of ['subject', 'start', 'end']) {
      const body = meeting();
      delete body[missing];
      const answer = await graph('POST', `/users/${ANNA}/events`, { body });
      assert.equal(answer.status, 400, `without ${missing}`);
      assert.ok(answer.json.error.code);
    }
    const backwards = await graph('POST', `/users/${ANNA}/events`, {
      body: meeting({ end: wEurope('2026-12-03T08:00:00') }),
    });
    assert.equal(backwards.json.error.code, 'ErrorCalendarEndDateIsEarlierThanStartDate');
  });

  it('getSchedule derives scheduleInformation from stored events and rejects windows of 42 days or more', async () => {
    await start();
    await graph('POST', `/users/${ANNA}/events`, { body: meeting() });
    const window = {
      startTime: wEurope('2026-12-03T08:00:00'),
      endTime: wEurope('2026-12-03T12:00:00'),
      availabilityViewInterval: 60,
    };
    const answer = await graph('POST', `/users/${ANNA}/calendar/getSchedule`, {
      body: { schedules: ['anna.lind@lunda.example', 'bo.ek@lunda.example', 'nobody@elsewhere.example'], ...window },
    });
    assert.equal(answer.status, 200, answer.text);
    const [anna, bo, nobody] = answer.json.value;
    assert.equal(anna.scheduleId, 'anna.lind@lunda.example');
    assert.equal(anna.availabilityView, '0200');
    assert.equal(anna.scheduleItems.length, 1);
    assert.equal(anna.scheduleItems[0].status, 'busy');
    assert.equal(anna.scheduleItems[0].isPrivate, true);
    assert.equal('subject' in anna.scheduleItems[0], false, 'private events do not show their subject');
    assert.deepEqual(anna.scheduleItems[0].start, { dateTime: '2026-12-03T08:00:00.0000000', timeZone: 'UTC' });
    assert.ok(anna.workingHours.daysOfWeek.includes('monday'));
    assert.equal(bo.availabilityView, '0100', 'an invitee is tentative until they answer');
    assert.equal(nobody.error.responseCode, 'ErrorMailRecipientNotFound');

    const tooLong = await graph('POST', `/users/${ANNA}/calendar/getSchedule`, {
      body: {
        schedules: ['anna.lind@lunda.example'],
        startTime: wEurope('2026-12-01T00:00:00'),
        endTime: wEurope('2027-01-12T00:00:00'),
      },
    });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.json.error.code, 'ErrorTimeIntervalTooBig');
    const justUnder = await graph('POST', `/users/${ANNA}/calendar/getSchedule`, {
      body: {
        schedules: ['anna.lind@lunda.example'],
        startTime: wEurope('2026-12-01T00:00:00'),
        endTime: wEurope('2027-01-11T00:00:00'),
      },
    });
    assert.equal(justUnder.status, 200);
  });

  it('creates a shared channel with 202 + Content-Location; after polling it succeeds and is listed', async () => {
    await start({ sharedChannel: { inProgressPolls: 1 } });
    const created = await graph('POST', channels, {
      body: {
        displayName: 'Samråd 2026-0412',
        description: 'Plan',
        membershipType: 'shared',
        members: [member(ANNA, ['owner'])],
      },
    });
    assert.equal(created.status, 202);
    assert.equal(created.text, '');
    const location = String(created.headers['content-location']);
    assert.match(location, new RegExp(`^/teams/${TEAM}/operations/[0-9a-f-]+$`));
    assert.equal(
      (await graph('GET', filterByName('Samråd 2026-0412'))).json.value.length,
      0,
      'not there before the operation completes',
    );

    const first = await graph('GET', location);
    assert.equal(first.status, 200);
    assert.equal(first.json.status, 'inProgress');
    assert.equal(first.json.targetResourceId, null);
    const second = await graph('GET', location, { headers: { prefer: 'include-unknown-enum-members' } });
    assert.equal(second.json.status, 'succeeded');
    assert.equal(second.json.operationType, 'createChannel');
    assert.match(second.json.targetResourceId, /^19:[0-9a-f]+@thread\.tacv2$/);

    const listed = await graph('GET', filterByName('Samråd 2026-0412'));
    assert.equal(listed.json.value.length, 1);
    assert.equal(listed.json.value[0].id, second.json.targetResourceId);
    assert.equal(listed.json.value[0].membershipType, 'shared');
    const members = await graph('GET', `${channelPath(second.json.targetResourceId)}/members`);
    assert.deepEqual(
      members.json.value.map((entry: { userId: string; roles: string[] }) => [entry.userId, entry.roles]),
      [[ANNA, ['owner']]],
    );
    const located = await call(second.json.targetResourceLocation, 'GET', '', { ca: standIn?.caPem ?? null });
    assert.equal(located.json.id, second.json.targetResourceId);
  });

  it('creates standard and private channels with 201', async () => {
    await start();
    const standard = await graph('POST', channels, {
      body: { displayName: 'Allmänt om rutiner', membershipType: 'standard' },
    });
    assert.equal(standard.status, 201);
    assert.equal(standard.json.membershipType, 'standard');
    const privateChannel = await graph('POST', channels, {
      body: {
        displayName: 'Privat',
        membershipType: 'private',
        members: [member(ANNA, ['owner']), member(BO, ['owner'])],
      },
    });
    assert.equal(privateChannel.status, 201, privateChannel.text);
    assert.equal(privateChannel.json.membershipType, 'private');
  });

  it('answers 400 for two owners, a member without @odata.type, a long name and a duplicate name', async () => {
    await start();
    const twoOwners = await graph('POST', channels, {
      body: {
        displayName: 'Två ägare',
        membershipType: 'shared',
        members: [member(ANNA, ['owner']), member(BO, ['owner'])],
      },
    });
    assert.equal(twoOwners.status, 400);
    const noType = await graph('POST', channels, {
      body: { displayName: 'Utan typ', membershipType: 'shared', members: [untypedMember(ANNA, ['owner'])] },
    });
    assert.equal(noType.status, 400);
    assert.match(noType.json.error.message, /odata\.type/);
    const longName = await graph('POST', channels, {
      body: { displayName: 'x'.repeat(51), membershipType: 'shared', members: [member(ANNA, ['owner'])] },
    });
    assert.equal(longName.status, 400);
    await createSharedChannel('Samma namn');
    const duplicate = await graph('POST', channels, {
      body: { displayName: 'samma NAMN', membershipType: 'shared', members: [member(BO, ['owner'])] },
    });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.json.error.message, /already existed/);
    const noOwner = await graph('POST', channels, { body: { displayName: 'Ingen ägare', membershipType: 'shared' } });
    assert.equal(noOwner.status, 400);
  });

  it('manages channel members, enabledApps, description and deletion', async () => {
    await start();
    const channelId = await createSharedChannel('Livscykel');
    const added = await graph('POST', `${channelPath(channelId)}/members`, { body: member(BO) });
    assert.equal(added.status, 201);
    assert.equal(added.json['@odata.type'], '#microsoft.graph.aadUserConversationMember');
    assert.equal(added.json.userId, BO);
    assert.deepEqual(added.json.roles, []);
    assert.equal(
      (await graph('POST', `${channelPath(channelId)}/members`, { body: untypedMember(CECILIA) })).status,
      400,
    );
    assert.equal(
      (
        await graph('POST', `${channelPath(channelId)}/members`, {
          body: member('00000000-dead-4000-8000-000000000000'),
        })
      ).status,
      404,
    );

    const removed = await graph('DELETE', `${channelPath(channelId)}/members/${encodeURIComponent(added.json.id)}`);
    assert.equal(removed.status, 204);
    assert.equal((await graph('GET', `${channelPath(channelId)}/members`)).json.value.length, 1);

    const catalogId = (
      await graph('GET', `/appCatalogs/teamsApps?$filter=${encodeURIComponent(`externalId eq '${MANIFEST_ID}'`)}`)
    ).json.value[0].id as string;
    const enabled = await graph('POST', `${channelPath(channelId)}/enabledApps/$ref`, {
      body: { '@odata.id': appBind(catalogId) },
    });
    assert.equal(enabled.status, 204);
    const byManifestId = await graph('POST', `${channelPath(channelId)}/enabledApps/$ref`, {
      body: { '@odata.id': appBind(MANIFEST_ID) },
    });
    assert.equal(byManifestId.status, 404, 'a manifest id is not a catalogue id');
    assert.equal(
      (await graph('POST', `${channelPath(channelId)}/enabledApps/$ref`, { body: { '@odata.id': 'Samsyn' } })).status,
      400,
    );
    const state = (await call(standIn?.url ?? '', 'GET', '/_standin/state', { ca: standIn?.caPem ?? '', token: null }))
      .json;
    assert.deepEqual(state.teams[0].channels.find((c: { id: string }) => c.id === channelId).enabledApps, [catalogId]);
    assert.equal(
      (await graph('PATCH', channelPath(channelId), { body: { description: 'Ny beskrivning' } })).status,
      204,
    );
    assert.equal((await graph('GET', channelPath(channelId))).json.description, 'Ny beskrivning');
    assert.equal((await graph('DELETE', channelPath(channelId))).status, 204);
    assert.equal((await graph('GET', channelPath(channelId))).status, 404);
  });

  it('pages channel members, channels and the catalogue with @odata.nextLink ($skiptoken), honouring $top', async () => {
    await start({ pageSize: 2 });
    const channelId = await createSharedChannel('Sidor');
    for (const id of [BO, CECILIA, DAVID])
      assert.equal((await graph('POST', `${channelPath(channelId)}/members`, { body: member(id) })).status, 201);
    const seen: string[] = [];
    let next: string | undefined = `${channelPath(channelId)}/members`;
    let pages = 0;
    while (next !== undefined) {
      const answer = await graph('GET', next);
      assert.equal(answer.status, 200);
      assert.ok(answer.json.value.length <= 2);
      seen.push(...answer.json.value.map((m: { userId: string }) => m.userId));
      const link = answer.json['@odata.nextLink'] as string | undefined;
      if (link !== undefined)
        assert.match(link, /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/teams\/[^?]+\/members\?\$skiptoken=[A-Za-z0-9_-]+$/);
      next = link === undefined ? undefined : link.replace(/^https:\/\/[^/]+\/v1\.0/, '');
      pages += 1;
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen.sort(), [ANNA, BO, CECILIA, DAVID].sort());
    const one = await graph('GET', `${channelPath(channelId)}/members?$top=1`);
    assert.equal(one.json.value.length, 1);
    assert.match(String(one.json['@odata.nextLink']), /\?\$top=1&\$skiptoken=/, 'the next link keeps $top');
    assert.equal((await graph('GET', `${channelPath(channelId)}/members?$skiptoken=nonsense`)).status, 400);
    const allChannels = await graph('GET', channels);
    assert.equal(allChannels.json.value.length, 2, 'General and Sidor on the first page');
    assert.equal(allChannels.json['@odata.nextLink'], undefined);
    const catalog = await graph('GET', '/appCatalogs/teamsApps?$top=1');
    assert.equal(catalog.json.value.length, 1);
    assert.ok(catalog.json['@odata.nextLink'], 'the catalogue pages too');
  });

  it("lists the app catalogue: the manifest id is an organisation app's externalId, under another (catalogue) id", async () => {
    await start();
    const byExternalId = await graph(
      'GET',
      `/appCatalogs/teamsApps?$filter=${encodeURIComponent(`externalId eq '${MANIFEST_ID}'`)}`,
    );
    assert.equal(byExternalId.status, 200);
    assert.equal(
      byExternalId.json['@odata.context'],
      'https://graph.microsoft.com/v1.0/$metadata#appCatalogs/teamsApps',
    );
    assert.equal(byExternalId.json.value.length, 1);
    const app = byExternalId.json.value[0] as {
      id: string;
      externalId: string;
      displayName: string;
      distributionMethod: string;
    };
    assert.deepEqual(Object.keys(app).sort(), ['displayName', 'distributionMethod', 'externalId', 'id']);
    assert.equal(app.externalId, MANIFEST_ID);
    assert.equal(app.distributionMethod, 'organization');
    assert.match(app.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(app.id, MANIFEST_ID);
    assert.equal((await graph('GET', `/appCatalogs/teamsApps/${app.id}`)).json.externalId, MANIFEST_ID);
    assert.equal((await graph('GET', `/appCatalogs/teamsApps/${MANIFEST_ID}`)).status, 404);
    assert.equal((await graph('GET', '/appCatalogs/teamsApps')).json.value.length, 2, 'and a store app');
    assert.deepEqual(
      (
        await graph(
          'GET',
          `/appCatalogs/teamsApps?$filter=${encodeURIComponent("distributionMethod eq 'organization'")}`,
        )
      ).json.value.map((a: { id: string }) => a.id),
      [app.id],
    );
    assert.equal(
      (await graph('GET', `/appCatalogs/teamsApps?$filter=${encodeURIComponent("startswith(displayName,'S')")}`))
        .status,
      400,
    );

    await standIn?.close();
    await start({ teamsAppId: undefined });
    const notUploaded = await graph(
      'GET',
      `/appCatalogs/teamsApps?$filter=${encodeURIComponent(`externalId eq '${MANIFEST_ID}'`)}`,
    );
    assert.equal(notUploaded.status, 200);
    assert.deepEqual(notUploaded.json.value, [], 'no package uploaded: an empty list, not 404');
  });

  it('installs an app in a meeting chat by catalogue id, recording the consentedPermissionSet; again 409', async () => {
    const server = await start();
    const catalogId = server.appCatalog().apps.find((a) => a.externalId === MANIFEST_ID)?.id ?? '';
    const consentedPermissionSet = {
      resourceSpecificPermissions: [{ permissionValue: 'MeetingStage.Write.Chat', permissionType: 'delegated' }],
    };
    const installedApps = `/chats/${encodeURIComponent(MEETING_CHAT)}/installedApps`;
    assert.equal(
      (
        await graph('POST', installedApps, {
          body: { 'teamsApp@odata.bind': appBind(MANIFEST_ID), consentedPermissionSet },
        })
      ).status,
      404,
      'a manifest id is not a catalogue id',
    );
    assert.equal(
      (
        await graph('POST', installedApps, {
          body: {
            'teamsApp@odata.bind': appBind(catalogId),
            consentedPermissionSet: {
              resourceSpecificPermissions: [
                { permissionValue: 'MeetingStage.Write.Chat', permissionType: 'sometimes' },
              ],
            },
          },
        })
      ).status,
      400,
    );
    assert.equal(
      (
        await graph('POST', installedApps, {
          body: { 'teamsApp@odata.bind': appBind(catalogId), consentedPermissionSet: ['MeetingStage.Write.Chat'] },
        })
      ).status,
      400,
    );
    assert.equal(
      (await graph('POST', '/chats/not-a-chat/installedApps', { body: { 'teamsApp@odata.bind': appBind(catalogId) } }))
        .status,
      400,
    );

    const installed = await graph('POST', installedApps, {
      body: { 'teamsApp@odata.bind': appBind(catalogId), consentedPermissionSet },
    });
    assert.equal(installed.status, 201, installed.text);
    assert.deepEqual(installed.json.consentedPermissionSet, consentedPermissionSet);
    assert.deepEqual(
      server
        .appCatalog()
        .chatInstallations.map(({ chatId, teamsAppId, consentedPermissionSet: set }) => ({ chatId, teamsAppId, set })),
      [{ chatId: MEETING_CHAT, teamsAppId: catalogId, set: consentedPermissionSet }],
    );
    assert.equal(
      (
        await graph('POST', installedApps, {
          body: { 'teamsApp@odata.bind': appBind(catalogId), consentedPermissionSet },
        })
      ).status,
      409,
    );

    server.reset();
    assert.deepEqual(server.appCatalog().chatInstallations, [], 'reset forgets installations');
    assert.equal(
      server.appCatalog().apps.find((a) => a.externalId === MANIFEST_ID)?.id,
      catalogId,
      'and keeps the catalogue',
    );
  });

  it('$batch runs three member adds with per-item 201 and enforces the limit of 20', async () => {
    await start();
    const channelId = await createSharedChannel('Batch');
    const requests = [BO, CECILIA, DAVID].map((id, index) => ({
      id: String(index + 1),
      method: 'POST',
      url: `/teams/${TEAM}/channels/${encodeURIComponent(channelId)}/members`,
      headers: { 'Content-Type': 'application/json' },
      body: member(id),
    }));
    const answer = await graph('POST', '/$batch', { body: { requests } });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.json.responses.map((item: { id: string; status: number }) => [item.id, item.status]),
      [
        ['1', 201],
        ['2', 201],
        ['3', 201],
      ],
    );
    assert.equal(answer.json.responses[0].body.userId, BO);
    assert.equal((await graph('GET', `${channelPath(channelId)}/members`)).json.value.length, 4);

    const tooMany = Array.from({ length: 21 }, (_unused, index) => ({
      id: String(index),
      method: 'GET',
      url: `/teams/${TEAM}/channels`,
    }));
    assert.equal((await graph('POST', '/$batch', { body: { requests: tooMany } })).status, 400);
  });

  it('$batch honours dependsOn (424 after a failed dependency) and reports injected 429 per item', async () => {
    const server = await start();
    server.faults.throttle({ method: 'GET', path: '/teams/*/channels' }, { retryAfterSeconds: 7 });
    const answer = await graph('POST', '/$batch', {
      body: {
        requests: [
          { id: 'a', method: 'GET', url: `/teams/${TEAM}/channels` },
          { id: 'b', method: 'GET', url: `/teams/${TEAM}/channels`, dependsOn: ['a'] },
          { id: 'c', method: 'GET', url: `/users/${ANNA}/events`, dependsOn: ['b'] },
        ],
      },
    });
    assert.equal(answer.status, 200);
    const byId = Object.fromEntries(answer.json.responses.map((item: { id: string }) => [item.id, item]));
    assert.equal(byId.a.status, 429);
    assert.equal(byId.a.headers['Retry-After'], '7');
    assert.equal(byId.b.status, 424);
    assert.equal(byId.c.status, 424);
  });

  it('answers 429 with Retry-After when injected, then serves normally', async () => {
    const server = await start();
    server.faults.throttle({ method: 'POST', path: '/v1.0/users/*/events' }, { times: 2, retryAfterSeconds: 3 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const throttled = await graph('POST', `/users/${ANNA}/events`, { body: meeting() });
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['retry-after'], '3');
      assert.equal(throttled.json.error.code, 'TooManyRequests');
    }
    assert.equal((await graph('POST', `/users/${ANNA}/events`, { body: meeting() })).status, 201);
    assert.deepEqual(
      server.requests().map((entry) => entry.fault ?? null),
      ['throttle', 'throttle', null],
    );
  });

  it('answers 503 when injected', async () => {
    const server = await start();
    server.faults.unavailable({ path: '/teams/**' });
    const answer = await graph('GET', channels);
    assert.equal(answer.status, 503);
    assert.equal(answer.json.error.code, 'ServiceNotAvailable');
    assert.equal((await graph('GET', channels)).status, 200);
  });

  it('delays and resets connections when injected, and applies a global latency', async () => {
    const server = await start();
    server.faults.delay({ path: '/teams/*/channels' }, { ms: 150 });
    let started = Date.now();
    assert.equal((await graph('GET', channels)).status, 200);
    assert.ok(Date.now() - started >= 140, 'delayed');

    server.faults.reset({ method: 'POST', path: '/teams/*/channels' });
    await assert.rejects(
      graph('POST', channels, { body: { displayName: 'Reset', membershipType: 'standard' } }),
      /ECONNRESET|socket hang up/,
    );
    assert.equal((await graph('GET', filterByName('Reset'))).json.value.length, 0, 'a reset request has no effect');

    server.faults.setLatency(100);
    started = Date.now();
    await graph('GET', channels);
    assert.ok(Date.now() - started >= 90, 'latency applied');
  });

  it('logs requests with redacted Authorization and parsed bodies; reset() forgets state, faults and the log', async () => {
    const server = await start();
    await graph('POST', `/users/${ANNA}/events`, {
      body: meeting({ transactionId: 'tx-log' }),
      token: 'secret-token-value',
    });
    const [entry] = server.requests();
    assert.equal(entry?.method, 'POST');
    assert.equal(entry?.url, `/v1.0/users/${ANNA}/events`);
    assert.equal(entry?.headers['authorization'], 'Bearer [redacted]');
    assert.equal(JSON.stringify(server.requests()).includes('secret-token-value'), false);
    assert.equal((entry?.body as { transactionId: string }).transactionId, 'tx-log');
    assert.equal(entry?.status, 201);
    await graph('GET', channels, { token: null, headers: { authorization: 'scheme-less-secret' } });
    assert.equal(server.requests()[1]?.headers['authorization'], '[redacted]');

    server.faults.throttle({ path: '/**' }, { times: 5 });
    server.reset();
    assert.deepEqual(server.requests(), []);
    assert.deepEqual(server.faults.pending(), []);
    assert.equal((await graph('GET', `/users/${ANNA}/events`)).json.value.length, 0);
  });

  it('offers the same controls over HTTP under /_standin/', async () => {
    const server = await start();
    const admin = (method: string, route: string, body?: unknown): Promise<Answer> =>
      call(server.url, method, `/_standin${route}`, {
        ca: server.caPem,
        token: null,
        ...(body !== undefined ? { body } : {}),
      });
    assert.equal(
      (
        await admin('POST', '/faults', {
          method: 'GET',
          path: '/teams/*/channels',
          kind: 'throttle',
          retryAfterSeconds: 2,
        })
      ).status,
      201,
    );
    const throttled = await graph('GET', channels);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '2');
    assert.equal((await admin('PUT', '/dedup', { on: false })).status, 204);
    await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'same' }) });
    await graph('POST', `/users/${ANNA}/events`, { body: meeting({ transactionId: 'same' }) });
    assert.equal((await graph('GET', `/users/${ANNA}/events`)).json.value.length, 2);
    assert.equal((await admin('GET', '/requests')).json.length, 4);
    assert.equal((await admin('GET', '/ca.pem')).text, server.caPem);
    assert.match((await admin('GET', '/state')).json.notice, /DEVELOPMENT STAND-IN/);
    assert.equal((await admin('POST', '/reset')).status, 204);
    assert.equal((await graph('GET', `/users/${ANNA}/events`)).json.value.length, 0);
  });

  it('seeds the personas and PLAN_TEAM_ID, says it is a stand-in, and answers 501 for routes it lacks', async () => {
    const lines: string[] = [];
    const server = await start({ logger: (line) => lines.push(line) });
    assert.equal(server.teamId, TEAM);
    assert.deepEqual(
      server.users.map((user) => user.mail),
      [
        'anna.lind@lunda.example',
        'bo.ek@lunda.example',
        'cecilia.berg@samsyn-dev.example',
        'david.holm@samsyn-dev.example',
      ],
    );
    assert.ok(lines.some((line) => /DEVELOPMENT STAND-IN/.test(line) && /NOT Microsoft Graph/.test(line)));
    const missing = await graph('GET', '/me');
    assert.equal(missing.status, 501);
    assert.equal(missing.headers['x-graph-standin'], 'DEVELOPMENT STAND-IN - not Microsoft Graph');
    assert.equal((await graph('GET', '/teams/00000000-0000-4000-8000-000000000000/channels')).status, 404);
  });

  it('serves the development directory whose groups config/organisations.json names (also for the people-free organisations file)', async () => {
    const seed = JSON.parse(fs.readFileSync(DEVELOPMENT_DIRECTORY, 'utf8')) as { users: Array<{ id: string }> };
    const config = JSON.parse(fs.readFileSync(PROJECT_ORGANISATIONS, 'utf8')) as {
      orgUnits: Array<{ groups: Record<string, string[]> }>;
      members?: unknown;
    };
    assert.equal(config.members, undefined, 'config/ holds no list of people');
    for (const options of [
      { directoryPath: DEVELOPMENT_DIRECTORY, organisationsPath: undefined },
      { organisationsPath: PROJECT_ORGANISATIONS },
    ]) {
      await standIn?.close();
      const server = await start({ ...options });
      assert.deepEqual(
        server.users.map((user) => user.id),
        seed.users.map((entry) => entry.id),
      );
      assert.ok(server.users.every((user) => user.mail.includes('@')));
      const groups = config.orgUnits.flatMap((u) => Object.values(u.groups).flat());
      for (const id of groups)
        assert.equal((await graph('GET', `/groups/${id}`)).status, 200, `configured group ${id} exists`);
      await server.close();
    }
  });
});
