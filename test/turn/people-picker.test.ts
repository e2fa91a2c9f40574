/**
 * The meeting card's people picker with what clients send: Entra object ids (Teams), Teams user ids
 * (`29:…`, the Agents Playground) resolved through the connector's member API of the card's
 * conversation, the plan team's roster or the people Samsyn has seen (teams_user), and a mix. Someone
 * who resolves to nobody, or to a person in no Samsyn unit, is named by the field, the form comes
 * back with everything that was filled in, and no meeting is recorded.
 */
import assert from 'node:assert/strict';
import { startConnectorStandIn, type ConnectorMember } from '../support/connector-standin';
import { people, units } from '../support/world';
import { inputsOfCard, mri, startBot, visibleText, type BotHarness } from './harness';

const groupChat = { id: '19:samverkan@thread.v2', conversationType: 'groupChat' } as const;
const karin: ConnectorMember = {
  id: '29:karin-ek',
  aadObjectId: '7a7a7a7a-0000-4000-8000-00000000000a',
  name: 'Karin Ek',
};
const member = (p: (typeof people)[keyof typeof people]): ConnectorMember => ({
  id: mri(p),
  aadObjectId: p.objectId,
  name: p.displayName,
});

describe('people picker on the meeting card (whole turns)', function () {
  this.timeout(120_000);
  let bot: BotHarness;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;

  beforeEach(async () => {
    connector = await startConnectorStandIn({
      rosters: {
        [groupChat.id]: [member(people.anna), member(people.bo), member(people.cia), karin],
        'plan-team': [member(people.anna), member(people.cia)],
      },
    });
    bot = await startBot('pglite', { connectorUrl: connector.url, planTeamId: 'plan-team' });
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
  });

  async function consentedCase(): Promise<string> {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera Vårdnadshavare',
      orgUnits: `${units.school},${units.social},${units.bvc}`,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    const id = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    assert.ok(id);
    return id;
  }
  const invited = async () =>
    (await bot.db.query<{ invitees: { objectId: string }[] }>('SELECT invitees FROM meeting')).rows.map((m) =>
      m.invitees.map((i) => i.objectId).sort(),
    );
  const form = (caseId: string, invitees: string) => ({
    caseId,
    invitees,
    date: '2026-04-14',
    time: '10:15',
    minutes: '90',
  });
  const memberLookups = () =>
    connector.calls
      .filter((c) => c.method === 'GET' && c.path.includes('/members/'))
      .map((c) => decodeURIComponent(c.path));

  /**
   * The form comes back with everything that was filled in; whoever could be resolved of those picked
   * is ticked by name in the checklist above the picker (`ticked`), and the picker starts empty.
   */
  function assertFormKept(card: unknown, ticked: string): void {
    assert.deepEqual(
      { ...inputsOfCard(card) },
      // familyEmail1: the family section offers the guardian the consent names (nothing typed).
      {
        ...(ticked === '' ? {} : { suggested: ticked }),
        invitees: '',
        date: '2026-04-14',
        time: '10:15',
        minutes: '90',
        familyEmail1: '',
      },
      'the form comes back with everything that was filled in',
    );
  }

  it('takes Entra object ids as they are, without asking Teams', async () => {
    const caseId = await consentedCase();
    const r = await bot.invoke(
      people.anna,
      'meeting.submit',
      form(caseId, `${people.bo.objectId},${people.cia.objectId}`),
    );
    assert.match(visibleText(r.card), /Skapar möte/);
    assert.deepEqual(await invited(), [[people.bo.objectId, people.cia.objectId].sort()]);
    assert.deepEqual(memberLookups(), []);
  });

  it('resolves Teams user ids through the member API of the group chat the card was sent in', async () => {
    const caseId = await consentedCase();
    const r = await bot.invoke(
      people.anna,
      'meeting.submit',
      form(caseId, `${mri(people.bo)},${mri(people.cia)}`),
      'sv-SE',
      groupChat,
    );
    assert.match(visibleText(r.card), /Skapar möte/);
    assert.deepEqual(await invited(), [[people.bo.objectId, people.cia.objectId].sort()]);
    assert.deepEqual(memberLookups(), [
      `/v3/conversations/${groupChat.id}/members/${mri(people.bo)}`,
      `/v3/conversations/${groupChat.id}/members/${mri(people.cia)}`,
    ]);
  });

  it('in a personal chat resolves Teams user ids through the plan team, else through the people who have talked to the bot', async () => {
    const caseId = await consentedCase();
    await bot.say(people.bo, 'hej'); // Bo is now known to Samsyn (teams_user), though in no roster we ask
    const r = await bot.invoke(people.anna, 'meeting.submit', form(caseId, `${mri(people.bo)},${mri(people.cia)}`));
    assert.match(visibleText(r.card), /Skapar möte/);
    assert.deepEqual(await invited(), [[people.bo.objectId, people.cia.objectId].sort()]);
    assert.ok(
      memberLookups().includes(`/v3/conversations/plan-team/members/${mri(people.cia)}`),
      'Cia was found in the plan team',
    );
  });

  it('takes a mix of object ids and Teams user ids', async () => {
    const caseId = await consentedCase();
    const r = await bot.invoke(
      people.anna,
      'meeting.submit',
      form(caseId, `${people.bo.objectId}, ${mri(people.cia)}`),
      'sv-SE',
      groupChat,
    );
    assert.match(visibleText(r.card), /Skapar möte/);
    assert.deepEqual(await invited(), [[people.bo.objectId, people.cia.objectId].sort()]);
  });

  it('names an id that resolves to nobody by the field and keeps the form', async () => {
    const caseId = await consentedCase();
    const sent = `${people.bo.objectId},29:nobody-at-all`;
    const r = await bot.invoke(people.anna, 'meeting.submit', form(caseId, sent));
    assert.equal(r.status, 200);
    const text = visibleText(r.card);
    assert.match(text, /En vald person \(29:nobody-at-all\) kunde inte hittas i Teams eller i Samsyn/);
    assert.match(text, /Kalla till samverkansmöte/);
    assertFormKept(r.card, people.bo.objectId);
    assert.match(text, new RegExp(`Valda deltagare[^]*${people.bo.displayName}`), 'Bo ticked by name');
    assert.deepEqual(await invited(), [], 'no meeting is recorded');
  });

  it('names a person who is in no Samsyn unit (Swedish and English) and keeps the form', async () => {
    const caseId = await consentedCase();
    const sent = `${mri(people.bo)},${karin.id}`;
    const sv = await bot.invoke(people.anna, 'meeting.submit', form(caseId, sent), 'sv-SE', groupChat);
    assert.match(
      visibleText(sv.card),
      /Karin Ek finns inte i någon enhet i Samsyn — be er administratör lägga till personen\./,
    );
    assertFormKept(sv.card, people.bo.objectId);
    // The picker's Entra object id of the same person: Teams names her too.
    const en = await bot.invoke(people.anna, 'meeting.submit', form(caseId, karin.aadObjectId), 'en-US', groupChat);
    assert.match(visibleText(en.card), /Karin Ek is not in any unit in Samsyn — ask your administrator to add them\./);
    assertFormKept(en.card, '');
    assert.deepEqual(await invited(), []);
  });

  it('keeps the form when the picker sends nobody but the caller', async () => {
    const caseId = await consentedCase();
    const r = await bot.invoke(people.anna, 'meeting.submit', form(caseId, people.anna.objectId));
    assert.match(visibleText(r.card), /Välj minst en person utöver dig själv\./);
    assertFormKept(r.card, '');
    assert.deepEqual(await invited(), []);
  });
});
