/**
 * The family in the meeting (issue 18 item 2), whole turns + the outbox's job catalogue + the Graph
 * stand-in: guardians (and the child) named in the consent in force are invited by e-mail as external
 * attendees, the event hides its attendees, the lobby is narrowed to the organisation, and the family's
 * addresses appear nowhere else — not in the subject or body, another request, a log line, a card, the
 * job, the history or the audit rows — and are blanked on the meeting once the event exists.
 */
import assert from 'node:assert/strict';
import { graphCalendar } from '../../src/graph/calendar-port';
import { jobHandlers } from '../../src/jobs/catalog';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { startBot, visibleText, type BotHarness, raiseConsentedThroughCards } from '../turn/harness';
import { everyCategoryInput, people, units } from '../support/world';
import { standInWithClient } from './support';

const vera = 'vera.hemlig@example.org';
const olle = 'olle.skyddad@example.net';
const kim = 'kim.barn@example.com';
const addresses = [vera, olle, kim];

describe('the family in the meeting: consent → card → outbox → Graph stand-in', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let bot: BotHarness;
  let caseId: string;

  beforeEach(async () => {
    env = await standInWithClient({
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
    });
    bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
    caseId = await raiseConsentedThroughCards(bot, people.anna, everyCategoryInput);
  });
  afterEach(async () => {
    await bot.close();
    await env.close();
  });

  /** A second consent: both guardians and the child consented. */
  async function consentOfBothGuardiansAndChild(): Promise<void> {
    await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      guardians: 'Vera Vårdnadshavare\nOlle Vårdnadshavare',
      childConsents: 'true',
      orgUnits: `${units.school},${units.social}`,
      categories: everyCategoryInput,
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
  }

  async function worker() {
    await bot.db.query(
      "UPDATE outbox_job SET state = 'done' WHERE kind <> 'meeting.createEvent' AND state = 'pending'",
    );
    const handlers = jobHandlers(
      {
        store: new SystemStore(bot.db, bot.clock, 'test-worker'),
        calendar: graphCalendar(env.graph),
        channels: null,
        poster: { post: () => Promise.reject(new Error('unused')), update: () => Promise.reject(new Error('unused')) },
        config: { planTeamId: undefined, planChannelOnClose: 'archive' },
        clock: bot.clock,
      },
      ['meeting.createEvent'],
    );
    return runOutboxOnce(new Outbox(bot.db, bot.clock), handlers, 'test-worker');
  }

  const submit = (extra: Record<string, string>) =>
    bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
      ...extra,
    });

  function textInputs(card: unknown): { id: string; label: string; value: string }[] {
    const found: { id: string; label: string; value: string }[] = [];
    JSON.stringify(card, (_k, v: unknown) => {
      const o = v as { type?: unknown; id?: unknown; label?: unknown; value?: unknown } | null;
      if (o?.type === 'Input.Text')
        found.push({ id: String(o.id), label: String(o.label), value: String(o.value ?? '') });
      return v;
    });
    return found;
  }

  it('offers an e-mail input for each guardian the consent in force names, the child only when the child consented', async () => {
    const first = await bot.invoke(people.anna, 'meeting.open', { caseId });
    assert.deepEqual(
      textInputs(first.card).map((i) => [i.id, i.label]),
      [['familyEmail1', 'E-post till Vera Vårdnadshavare (vårdnadshavare)']],
    );
    assert.doesNotMatch(JSON.stringify(first.card), /childTakesPart/);
    await consentOfBothGuardiansAndChild();
    const second = await bot.invoke(people.anna, 'meeting.open', { caseId });
    assert.deepEqual(
      textInputs(second.card).map((i) => i.id),
      ['familyEmail1', 'familyEmail2', 'childEmail'],
    );
    assert.match(visibleText(second.card), /Familjen i mötet/);
    assert.match(visibleText(second.card), /Exchange sparar ändå adresserna i de inbjudnas kalendrar/);
  });

  it('invites the consented family as hidden external attendees, narrows the lobby, and leaves their addresses nowhere else', async () => {
    await consentOfBothGuardiansAndChild();
    const submitted = await submit({ familyEmail1: vera, familyEmail2: olle, childTakesPart: 'true', childEmail: kim });
    assert.match(visibleText(submitted.card), /Skapar möte/);
    assert.equal((await worker()).done, 1);

    const requests = env.standIn.requests();
    const posts = requests.filter((q) => q.method === 'POST' && q.url.includes('/events'));
    assert.equal(posts.length, 1);
    const event = posts[0]?.body as {
      subject: string;
      body: { content: string };
      hideAttendees: boolean;
      attendees: { type: string; emailAddress: { address: string; name?: string } }[];
    };
    assert.equal(event.hideAttendees, true);
    for (const address of addresses)
      assert.deepEqual(
        event.attendees.filter((a) => a.emailAddress.address === address),
        [{ type: 'required', emailAddress: { address } }],
        `${address} is a required attendee, sent without a name`,
      );
    const subjectAndBody = `${event.subject} ${event.body.content}`;
    for (const secret of [...addresses, 'Vera', 'Olle', 'Vårdnadshavare', 'Kim', 'Testsson', '2381'])
      assert.ok(!subjectAndBody.includes(secret), `no ${secret} in the subject or body`);
    assert.match(event.body.content, /väntrummet/);

    // The lobby: found by the join link, narrowed to the organisation.
    const patch = requests.find((q) => q.method === 'PATCH' && q.url.includes('/onlineMeetings/'));
    assert.deepEqual(patch?.body, { lobbyBypassSettings: { scope: 'organization', isDialInBypassEnabled: false } });
    const state = await env.admin<{ calendar: { hideAttendees: boolean; lobbyBypassSettings: { scope: string } }[] }>(
      '/_standin/state',
    );
    assert.deepEqual(
      state.calendar.map((e) => [e.hideAttendees, e.lobbyBypassSettings.scope]),
      [[true, 'organization']],
    );

    // The scan: every other request to Graph, the log, the job, the history, the audit rows.
    for (const q of requests.filter((r) => r !== posts[0])) {
      const seen = `${q.url} ${JSON.stringify(q.body ?? null)}`;
      for (const address of addresses) assert.ok(!seen.includes(address), `${address} not in ${q.method} ${q.url}`);
    }
    const elsewhere = [
      bot.logLines.join('\n'),
      JSON.stringify((await bot.db.query('SELECT payload, result, last_error FROM outbox_job')).rows),
      JSON.stringify((await bot.db.query('SELECT * FROM case_event')).rows),
      JSON.stringify((await bot.db.query('SELECT * FROM audit_log')).rows),
      JSON.stringify((await bot.db.query('SELECT * FROM meeting')).rows),
    ];
    for (const [i, text] of elsewhere.entries())
      for (const address of addresses) assert.ok(!text.includes(address), `${address} not in place ${i}`);
    const meeting = (
      await bot.db.query<{ id: string; family_invitees: unknown; lobby: string }>(
        'SELECT id, family_invitees, lobby FROM meeting',
      )
    ).rows[0];
    assert.deepEqual(meeting?.family_invitees, [
      { kind: 'guardian', name: 'Vera Vårdnadshavare', email: null },
      { kind: 'guardian', name: 'Olle Vårdnadshavare', email: null },
      { kind: 'child', name: null, email: null },
    ]);
    assert.equal(meeting?.lobby, 'organization');

    // The cards: who from the family is invited, by name in the personal view; never an address.
    const status = await bot.invoke(people.anna, 'meeting.status', { caseId, meetingId: meeting?.id });
    const refreshed = await bot.invoke(people.anna, 'case.refresh', {
      caseId,
      meetingId: meeting?.id,
      progress: 'meeting',
    });
    assert.match(
      visibleText(refreshed.card),
      /Inbjudna från familjen.*Vera Vårdnadshavare, Olle Vårdnadshavare, barnet/s,
    );
    for (const card of [submitted.card, status.card, refreshed.card])
      for (const address of addresses) assert.ok(!JSON.stringify(card).includes(address), `${address} not on a card`);
  });

  it('refuses a guardian the consent in force does not name: the field says so, the input is kept, nobody is invited', async () => {
    // Only Vera consented: a second address (a forged input, or the consent changed meanwhile) is refused.
    const r = await submit({ familyEmail1: vera, familyEmail2: olle });
    assert.match(visibleText(r.card), /Samtycket som gäller nu omfattar inte den personen/);
    assert.equal((await bot.db.query('SELECT * FROM meeting')).rows.length, 0);
    assert.deepEqual(
      textInputs(r.card).map((i) => [i.id, i.value]),
      [['familyEmail1', vera]],
    );
    // The child's address without the child's consent: refused too.
    const child = await submit({ childTakesPart: 'true', childEmail: kim });
    assert.match(visibleText(child.card), /omfattar inte den personen/);
    assert.equal((await bot.db.query('SELECT * FROM meeting')).rows.length, 0);
  });

  it('a withdrawn consent invites nobody from the family, and the meeting without them has no hidden attendees', async () => {
    const consentId = (await bot.db.query<{ id: string }>('SELECT id FROM consent')).rows[0]?.id;
    await bot.invoke(people.anna, 'consent.withdraw', { caseId, consentId });
    const open = await bot.invoke(people.anna, 'meeting.open', { caseId });
    assert.doesNotMatch(JSON.stringify(open.card), /familyEmail/);
  });

  it('a bad address is named on its field with what was typed kept; the child needs the age-and-maturity confirmation', async () => {
    await consentOfBothGuardiansAndChild();
    const r = await submit({ familyEmail1: 'vera(at)hemlig', familyEmail2: olle, childEmail: kim });
    const inputs = textInputs(r.card);
    assert.deepEqual(
      inputs.map((i) => [i.id, i.value]),
      [
        ['familyEmail1', 'vera(at)hemlig'],
        ['familyEmail2', olle],
        ['childEmail', kim],
      ],
    );
    const text = visibleText(r.card);
    assert.match(text, /Ange en giltig e-postadress/);
    assert.match(text, /Bekräfta att barnets ålder och mognad/);
    assert.equal((await bot.db.query('SELECT * FROM meeting')).rows.length, 0);
  });

  it('without an application access policy the lobby is left to the tenant: the meeting is created and the card says so', async () => {
    env.standIn.setApplicationAccessPolicy(false);
    await submit({ familyEmail1: vera });
    assert.equal((await worker()).done, 1);
    const meeting = (
      await bot.db.query<{ id: string; status: string; lobby: string; family_invitees: { email: unknown }[] }>(
        'SELECT id, status, lobby, family_invitees FROM meeting',
      )
    ).rows[0];
    assert.deepEqual(
      [meeting?.status, meeting?.lobby, meeting?.family_invitees[0]?.email],
      ['created', 'not-set', null],
    );
    const status = await bot.invoke(people.anna, 'meeting.status', { caseId, meetingId: meeting?.id });
    assert.match(visibleText(status.card), /Väntrummet kunde inte ställas in/);
  });

  it('a meeting without the family keeps the attendee list visible and leaves the lobby alone', async () => {
    await submit({});
    assert.equal((await worker()).done, 1);
    const requests = env.standIn.requests();
    const event = requests.find((q) => q.method === 'POST' && q.url.includes('/events'))?.body as {
      hideAttendees: boolean;
    };
    assert.equal(event.hideAttendees, false);
    assert.equal(requests.filter((q) => q.url.includes('/onlineMeetings')).length, 0);
  });
});
