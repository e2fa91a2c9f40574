/**
 * The worry reaches the named person (issue 14, item 4), in whole turns (TestAdapter, PGlite) with the
 * outbox jobs run by a runner on the same database: a consultation raised at the school reaches the
 * school's named person once — also when the job is retried — as a party and a personal card whose
 * action data hold opaque ids only; a unit without a named person leaves the discoverer responsible
 * and tells them so; the history records who received the worry.
 */
import assert from 'node:assert/strict';
import type { PersonalNotice, Recipient } from '../../src/app/follow-up-ports';
import { JobError } from '../../src/domain/errors';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { noticeCard } from '../../src/teams/personal-notifier';
import { followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { people, units } from '../support/world';
import { cardOf, inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

/** Unreachable on the first try (never talked to the bot), then delivers. */
class FirstTryUnreachable extends RecordingNotifier {
  tries = 0;
  override async send(to: Recipient, notice: PersonalNotice): Promise<{ activityId: string }> {
    this.tries += 1;
    if (this.tries === 1) throw new JobError('RecipientUnreachable', true, 'no conversation yet');
    return super.send(to, notice);
  }
}

/** Every `data` object of the card's actions, wherever they are. */
function actionData(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.') && o.data !== undefined)
        found.push(o.data as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe("chat: a raised consultation reaches the named person of the child's unit (whole turns)", function () {
  this.timeout(120_000);
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  const runJobs = (notifier: RecordingNotifier) =>
    runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', { limit: 50 });
  const submit = (who: (typeof people)[keyof typeof people], childUnit: string) =>
    bot.invoke(who, 'consultation.submit', {
      mode: 'anonymous',
      childUnit,
      ageBand: '6-9',
      worryAreas: '',
      observations: 'Kommer ofta hungrig till skolan',
      tried: 'Samtal med mentor',
    });

  it("the form offers the child's unit, suggested as the discoverer's own", async () => {
    const [reply] = await bot.say(people.cia, 'ny konsultation');
    const form = cardOf(reply);
    assert.equal(inputsOfCard(form).childUnit, units.bvc, "suggested: the discoverer's unit");
    const choices = JSON.stringify(form);
    assert.ok(
      choices.includes(`"value":"${units.school}"`) && choices.includes(`"value":"${units.bvc}"`),
      'schools and BVCs can be chosen',
    );
    assert.ok(!choices.includes(`"value":"${units.police}"`), 'not the police');
  });

  it("without a chosen unit, the worry goes to the unit the age band suggests (social services' worry about a 6-9-year-old: the school)", async () => {
    const created = await submit(people.bo, '');
    assert.match(visibleText(created.card), /Oron har skickats till Anna Skola, barnets bästa-ansvarig på Testskolan/);
    const parties = await bot.db.query<{ object_id: string; role: string }>(
      "SELECT object_id, role FROM case_party WHERE role = 'named-person' AND removed_at IS NULL",
    );
    assert.deepEqual(
      parties.rows.map((p) => p.object_id),
      [people.anna.objectId],
    );
  });

  it("a consultation raised at the school reaches the school's named person exactly once, also when the job is retried", async () => {
    const created = await submit(people.eve, units.school);
    assert.match(visibleText(created.card), /Oron har skickats till Anna Skola, barnets bästa-ansvarig på Testskolan/);
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    const parties = await bot.db.query<{ object_id: string; role: string; party_org_unit_id: string }>(
      'SELECT object_id, role, party_org_unit_id FROM case_party WHERE case_id = $1 AND removed_at IS NULL ORDER BY role',
      [caseId],
    );
    assert.deepEqual(
      parties.rows.map((p) => [p.object_id, p.role, p.party_org_unit_id]),
      [
        [people.eve.objectId, 'discoverer', units.school],
        [people.anna.objectId, 'named-person', units.school],
      ],
    );
    const jobs = await bot.db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox_job WHERE kind = 'worry.notify'",
    );
    assert.deepEqual(
      jobs.rows.map((j) => j.payload),
      [{ caseId, tenantId: people.anna.tenantId, objectId: people.anna.objectId }],
      'one job, opaque ids only',
    );

    const notifier = new FirstTryUnreachable();
    await runJobs(notifier);
    assert.equal(notifier.sent.length, 0, 'the first try did not reach her');
    bot.clock.advance(10 * 60_000);
    await runJobs(notifier);
    bot.clock.advance(10 * 60_000);
    await runJobs(notifier);
    assert.equal(notifier.tries, 2, 'retried once, then done');
    assert.equal(notifier.sent.length, 1, 'delivered exactly once');
    const sent = notifier.sent[0];
    assert.equal(sent?.to.objectId, people.anna.objectId);
    assert.ok(sent?.notice.kind === 'worry.received');
    const card = noticeCard(sent.notice, 'sv');
    assert.match(visibleText(card), /Ärende 2026-0001: en oro för ett barn på Testskolan har skickats till dig/);
    assert.deepEqual(actionData(card), [{ caseId }], 'the button carries the case id only');
    assert.ok(!JSON.stringify(card).includes('hungrig'), 'no consultation text in the card');

    // She can open the case from the card: she is a party.
    const opened = await bot.invoke(people.anna, 'case.open', { caseId });
    assert.match(visibleText(opened.card), /2026-0001/);

    const history = await bot.db.query<{ type: string; detail: Record<string, unknown>; at: Date }>(
      "SELECT type, detail, at FROM case_event WHERE case_id = $1 AND type = 'worry.routed'",
      [caseId],
    );
    assert.deepEqual(
      history.rows.map((e) => e.detail),
      [{ orgUnitId: units.school, to: ['Anna Skola'] }],
    );
  });

  it('a unit without a named person: the discoverer is told so, stays the only party, and no card is queued', async () => {
    const created = await submit(people.cia, units.bvc);
    assert.match(
      visibleText(created.card),
      /BVC har ingen barnets bästa-ansvarig i Samsyn\. Du är fortfarande ansvarig/,
    );
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    const parties = await bot.db.query<{ object_id: string; role: string }>(
      'SELECT object_id, role FROM case_party WHERE case_id = $1 AND removed_at IS NULL',
      [caseId],
    );
    assert.deepEqual(
      parties.rows.map((p) => [p.object_id, p.role]),
      [[people.cia.objectId, 'discoverer']],
    );
    assert.equal((await bot.db.query("SELECT 1 FROM outbox_job WHERE kind = 'worry.notify'")).rows.length, 0);
    const history = await bot.db.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM case_event WHERE case_id = $1 AND type = 'worry.routed'",
      [caseId],
    );
    assert.deepEqual(
      history.rows.map((e) => e.detail),
      [{ orgUnitId: units.bvc, to: [] }],
    );
  });

  it('a named person who raises the worry at their own unit is told they hold it — not that it was sent to them', async () => {
    const created = await submit(people.anna, units.school);
    const text = visibleText(created.card);
    assert.match(text, /Du är själv barnets bästa-ansvarig på Testskolan och ansvarar för ärendet\./);
    assert.doesNotMatch(text, /Oron har skickats till/);
    assert.equal((await bot.db.query("SELECT 1 FROM outbox_job WHERE kind = 'worry.notify'")).rows.length, 0);
  });

  it('refuses a unit that is not offered and keeps what was filled in', async () => {
    const r = await submit(people.eve, units.police);
    assert.match(visibleText(r.card), /Kommer ofta hungrig/);
    assert.equal((await bot.db.query('SELECT 1 FROM child_case')).rows.length, 0);
  });
});
