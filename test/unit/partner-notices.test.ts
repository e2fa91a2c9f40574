/**
 * The one place that decides where a partner tenant's professional's card goes (decision 0008): for
 * every personal notice kind, the plan channel they are a member of, else the latest meeting chat they
 * are invited to, else the tab; the Teams message mentions them. Host people keep their personal chat.
 */
import assert from 'node:assert/strict';
import type { PersonalMessagePort, PersonalNotice, Recipient } from '../../src/app/follow-up-ports';
import {
  partnerAwareNotifier,
  sharedPlaceFor,
  type SharedPlace,
  type SharedPlaceFacts,
} from '../../src/app/partner-notices';
import { mentionActivity } from '../../src/teams/shared-notice-poster';

const host: Recipient = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  objectId: 'aaaaaaaa-0000-4000-8000-000000000001',
};
const partner: Recipient = {
  tenantId: '00000000-0000-4000-8000-00000000b002',
  objectId: '6f1c2d3e-0b01-4a5b-8c9d-000000000b01',
};
const caseId = '5b0c0000-0000-4000-8000-000000000001';
const chatUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d';

const notices: PersonalNotice[] = [
  { kind: 'followUp.reminder', caseId, reference: '2026-0001', dueDate: '2026-05-01', when: 'due' },
  {
    kind: 'handover.offer',
    caseId,
    handoverId: caseId,
    reference: '2026-0001',
    role: 'named-person',
    fromName: 'Anna',
  },
  { kind: 'worry.received', caseId, reference: '2026-0001', unitName: 'Testskolan' },
  { kind: 'consultation.outcomeDue', caseId, reference: '2026-0001' },
  { kind: 'consultation.adviceGiven', caseId, reference: '2026-0001', fromName: 'Fredrik', unitName: 'BUP' },
  {
    kind: 'consultation.offer',
    requestId: caseId,
    caseId,
    reference: '2026-0001',
    askingUnit: 'Testskolan',
    functionName: 'BUP',
    takenBy: null,
    takenByObjectId: null,
  },
  { kind: 'consultee.invited', caseId, reference: '2026-0001', unitName: 'Testskolan' },
];

const facts = (over: Partial<SharedPlaceFacts> = {}): SharedPlaceFacts => ({
  displayName: 'Fredrik Ås',
  channel: null,
  meetingJoinUrls: [],
  ...over,
});
const channel = (members: string[], teamId: string | null = 'team') => ({
  teamId,
  channelId: '19:plan@thread.tacv2',
  serviceUrl: 'https://smba.example/',
  active: true,
  memberObjectIds: members,
});

describe('where a partner tenant’s professional gets their cards', () => {
  it('the plan channel they are a member of, else the meeting chat they are invited to, else none', () => {
    const inChannel = sharedPlaceFor(
      facts({ channel: channel([partner.objectId]), meetingJoinUrls: [chatUrl] }),
      partner,
    );
    assert.deepEqual(inChannel, {
      kind: 'planChannel',
      conversationId: '19:plan@thread.tacv2',
      serviceUrl: 'https://smba.example/',
    });
    // Not a member (consent no longer covers their unit), or the plan went to a meeting chat (no team).
    for (const c of [
      channel([host.objectId]),
      channel([partner.objectId], null),
      { ...channel([partner.objectId]), active: false },
    ])
      assert.deepEqual(sharedPlaceFor(facts({ channel: c, meetingJoinUrls: [chatUrl] }), partner), {
        kind: 'meetingChat',
        conversationId: '19:meeting_abc@thread.v2',
        serviceUrl: null,
      });
    assert.equal(sharedPlaceFor(facts({ meetingJoinUrls: ['https://example.org/not-a-meeting'] }), partner), null);
    assert.equal(sharedPlaceFor(facts(), partner), null);
  });

  it('every personal notice kind follows the rule; host people keep their personal chat', async () => {
    const personal: string[] = [];
    const shared: [SharedPlace['kind'], string, string][] = [];
    const installed: string[] = [];
    let where: SharedPlaceFacts | null = facts({ channel: channel([partner.objectId]) });
    const base: PersonalMessagePort = {
      async send(to, notice) {
        personal.push(`${to.objectId}:${notice.kind}`);
        return { activityId: 'p1' };
      },
    };
    const notifier = partnerAwareNotifier(base, {
      isPartner: (to) => to.tenantId === partner.tenantId,
      store: { sharedPlaceFacts: async () => where },
      shared: {
        async post(place, to, notice) {
          shared.push([place.kind, to.displayName, notice.kind]);
          return { activityId: `s${shared.length}` };
        },
        async update() {},
      },
      installInChat: async (id) => {
        installed.push(id);
      },
    });
    for (const n of notices) assert.deepEqual(await notifier.send(host, n), { activityId: 'p1' });
    assert.equal(personal.length, notices.length);
    for (const n of notices) assert.equal((await notifier.send(partner, n)).place, 'planChannel');
    where = facts({ meetingJoinUrls: [chatUrl] });
    for (const n of notices) assert.equal((await notifier.send(partner, n)).place, 'meetingChat');
    assert.equal(installed.length, notices.length);
    where = facts();
    for (const n of notices) assert.deepEqual(await notifier.send(partner, n), { activityId: '', place: 'tab' });
    assert.equal(personal.length, notices.length, 'no partner notice went to a personal chat');
    assert.deepEqual(
      shared.map(([kind, name, notice]) => `${kind}:${name}:${notice}`),
      [
        ...notices.map((n) => `planChannel:Fredrik Ås:${n.kind}`),
        ...notices.map((n) => `meetingChat:Fredrik Ås:${n.kind}`),
      ],
    );
  });

  it('the Teams message names them in <at> and carries the mention entity with their id', () => {
    const activity = mentionActivity(
      { ...partner, displayName: 'Fredrik <Ås>' },
      '29:fredrik',
      notices[1] as PersonalNotice,
      'en',
    );
    assert.match(String(activity.text), /^<at>Fredrik Ås<\/at> – a card for you from Samsyn/);
    assert.deepEqual(activity.entities, [
      { type: 'mention', text: '<at>Fredrik Ås</at>', mentioned: { id: '29:fredrik', name: 'Fredrik Ås' } },
    ]);
    assert.equal(activity.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
  });
});
