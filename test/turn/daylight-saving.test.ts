/**
 * The daylight-saving changes of 2026 in whole turns: the meeting card refuses 2026-03-29 02:30 (the
 * clocks jump from 02:00 to 03:00), naming the time, in Swedish and English, keeping what was typed and
 * storing nothing; it takes 2026-10-25 02:30 (which happens twice) at the first, summer-time occurrence
 * and says so; and a plan's follow-up reminders, due 08:00 Stockholm, are queued and sent at 08:00 on
 * both sides of each change.
 */
import assert from 'node:assert/strict';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { caseWithAgreedPlan, followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { people, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('daylight saving in Stockholm (whole turns)', function () {
  this.timeout(120_000);
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

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
      orgUnits: `${units.school},${units.social}`,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    const id = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    assert.ok(id);
    return id;
  }
  const meetings = async () =>
    (await bot.db.query<{ starts_at: Date }>('SELECT starts_at FROM meeting ORDER BY created_at')).rows.map((m) =>
      new Date(m.starts_at).toISOString(),
    );
  const meetingJobs = async () =>
    (await bot.db.query("SELECT id FROM outbox_job WHERE kind = 'meeting.createEvent'")).rows.length;

  it('the meeting card refuses a time that does not exist at the spring change, naming it, and stores nothing', async () => {
    const caseId = await consentedCase();
    const submit = { caseId, invitees: people.bo.objectId, date: '2026-03-29', time: '02:30', minutes: '60' };

    const sv = await bot.invoke(people.anna, 'meeting.submit', submit);
    assert.match(
      visibleText(sv.card),
      /2026-03-29 02:30 finns inte i svensk tid: klockan ställs fram en timme den natten, från 02:00 till 03:00\. Välj en annan tid\./,
    );
    assert.deepEqual(
      [inputsOfCard(sv.card).date, inputsOfCard(sv.card).time],
      ['2026-03-29', '02:30'],
      'what was typed is kept',
    );
    const en = await bot.invoke(people.anna, 'meeting.submit', submit, 'en-US');
    assert.match(
      visibleText(en.card),
      /2026-03-29 02:30 does not exist in Swedish time: the clocks go forward an hour that night/,
    );
    assert.deepEqual(await meetings(), []);
    assert.equal(await meetingJobs(), 0);

    // The same time an hour later exists: the meeting is made.
    await bot.invoke(people.anna, 'meeting.submit', { ...submit, time: '03:30' });
    assert.deepEqual(await meetings(), ['2026-03-29T01:30:00.000Z']);
  });

  it('the meeting card takes an autumn time that happens twice at its first occurrence, and says so', async () => {
    const caseId = await consentedCase();
    const sv = await bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-10-25',
      time: '02:30',
      minutes: '60',
    });
    assert.deepEqual(
      await meetings(),
      ['2026-10-25T00:30:00.000Z'],
      'the summer-time 02:30 (UTC+2), not the later one',
    );
    assert.equal(await meetingJobs(), 1);
    const text = visibleText(sv.card);
    assert.match(text, /Skapar möte/);
    assert.match(
      text,
      /Obs: 2026-10-25 02:30 inträffar två gånger den natten, eftersom klockan ställs tillbaka en timme \(från 03:00 till 02:00\)\. Mötet gäller den första, sommartid \(UTC\+02:00\)\./,
    );

    const meetingId = (await bot.db.query<{ id: string }>('SELECT id FROM meeting')).rows[0]?.id;
    const en = await bot.invoke(people.anna, 'meeting.status', { caseId, meetingId }, 'en-US');
    assert.match(
      visibleText(en.card),
      /Note: 2026-10-25 02:30 happens twice that night.*The meeting is at the first one, summer time \(UTC\+02:00\)\./,
    );

    const plain = await bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-10-26',
      time: '02:30',
      minutes: '60',
    });
    assert.doesNotMatch(visibleText(plain.card), /två gånger/, 'an ordinary night says nothing');
  });

  for (const [dueDate, expected] of [
    [
      '2026-03-29',
      [
        ['before', '2026-03-22T07:00:00.000Z'],
        ['due', '2026-03-29T06:00:00.000Z'],
      ],
    ],
    [
      '2026-10-25',
      [
        ['before', '2026-10-18T06:00:00.000Z'],
        ['due', '2026-10-25T07:00:00.000Z'],
      ],
    ],
  ] as const) {
    it(`queues and sends the follow-up reminders for ${dueDate} at 08:00 Stockholm on each side of the change`, async () => {
      const notifier = new RecordingNotifier();
      const { caseId } = await caseWithAgreedPlan(bot.db, bot.clock, dueDate);
      const jobs = (
        await bot.db.query<{ idempotency_key: string; run_after: Date }>(
          'SELECT idempotency_key, run_after FROM outbox_job WHERE kind = $1 ORDER BY run_after',
          ['followUp.remind'],
        )
      ).rows;
      assert.deepEqual(
        jobs.map((j) => [j.idempotency_key.split(':').at(-1), new Date(j.run_after).toISOString()]),
        expected,
      );

      const run = () =>
        runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
          limit: 50,
        });
      for (const [kind, at] of expected) {
        bot.clock.advance(new Date(at).getTime() - 60_000 - bot.clock.now().getTime());
        await run();
        const before = notifier.sent.length;
        bot.clock.advance(60_000);
        await run();
        assert.equal(notifier.sent.length, before + 1, `the ${kind} reminder at ${at}, not a minute before`);
      }
      assert.ok(caseId);
    });
  }
});
