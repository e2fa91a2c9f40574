/** The follow-up rules: reminder times (Stockholm, across daylight saving), what a follow-up needs, escalation. */
import assert from 'node:assert/strict';
import {
  areasWithoutImprovement,
  followUpProblems,
  reminderKey,
  reminderTimes,
  revisedPlan,
  type FollowUp,
  type FollowUpRecord,
} from '../../src/domain/follow-up';
import { planWith } from '../support/follow-up';

const followUp = (planVersion: number, areaLevels: FollowUp['areaLevels']): FollowUp => ({
  caseId: 'c',
  planVersion,
  reviewedVersion: planVersion - 1,
  dueDate: null,
  actionResults: [],
  areaLevels,
  outcome: 'continue',
  recordedByName: 'Anna',
  recordedAt: new Date(0),
});

describe('follow-up rules', () => {
  it('reminds N days before and on the day at 08:00 Stockholm, also across the change to summer time', () => {
    const times = reminderTimes('2026-04-01', 7, new Date('2026-03-02T09:00:00Z'));
    assert.deepEqual(
      times.map((t) => [t.kind, t.runAt.toISOString()]),
      [
        ['before', '2026-03-25T07:00:00.000Z'],
        ['due', '2026-04-01T06:00:00.000Z'],
      ],
    );
    assert.deepEqual(
      reminderTimes('2026-04-01', 7, new Date('2026-03-30T00:00:00Z')).map((t) => t.kind),
      ['due'],
      'a time gone is left out',
    );
    assert.deepEqual(
      reminderTimes('2026-04-01', 7, new Date('2026-04-01T06:00:00Z')),
      [],
      'nothing for a date that has come',
    );
    assert.equal(reminderKey('case', 3, '2026-04-01', 'due'), 'followUp.remind:case:3:2026-04-01:due');
  });

  it('a follow-up needs a status for every action, a later next date to continue, and a reason to step down or close', () => {
    const plan = planWith('2026-03-20');
    const ok: FollowUpRecord = {
      actionResults: [
        { action: 0, status: 'done', evidence: '' },
        { action: 1, status: 'not-done', evidence: '' },
      ],
      areaLevels: { trygghet: 'some' },
      nextFollowUpDate: '2026-04-20',
      outcome: 'continue',
      reason: '',
    };
    assert.deepEqual(followUpProblems(ok, plan, '2026-03-20'), []);
    assert.deepEqual(followUpProblems({ ...ok, actionResults: [ok.actionResults[0]!] }, plan, '2026-03-20'), [
      'action.1.status',
    ]);
    assert.deepEqual(followUpProblems({ ...ok, nextFollowUpDate: '2026-03-20' }, plan, '2026-03-20'), ['nextFollowUp']);
    assert.deepEqual(followUpProblems({ ...ok, nextFollowUpDate: '2026-02-30' }, plan, '2026-01-20'), ['nextFollowUp']);
    assert.deepEqual(followUpProblems({ ...ok, outcome: 'close', nextFollowUpDate: null }, plan, '2026-03-20'), [
      'reason',
    ]);
    assert.deepEqual(
      followUpProblems({ ...ok, outcome: 'step-down', nextFollowUpDate: null, reason: 'Räcker' }, plan, '2026-03-20'),
      [],
    );

    const revised = revisedPlan(plan, { ...ok, areaLevels: { trygghet: 'none', halsa: 'some' } });
    assert.deepEqual(
      revised.needs.map((n) => [n.areaId, n.level]),
      [
        ['trygghet', 'none'],
        ['halsa', 'some'],
      ],
    );
    assert.equal(revised.followUpDate, '2026-04-20');
    assert.equal(
      revisedPlan(plan, { ...ok, outcome: 'close', nextFollowUpDate: null, reason: 'Klart' }).followUpDate,
      null,
    );
  });

  it('suggests widening the team only for areas with worry that did not improve over the last two follow-ups', () => {
    const plan = planWith('2026-03-20'); // trygghet: significant
    assert.deepEqual(
      areasWithoutImprovement(plan, [followUp(2, { trygghet: 'significant' })]),
      [],
      'one follow-up is not two',
    );
    assert.deepEqual(
      areasWithoutImprovement(plan, [
        followUp(2, { trygghet: 'significant' }),
        followUp(3, { trygghet: 'significant' }),
      ]),
      ['trygghet'],
    );
    assert.deepEqual(
      areasWithoutImprovement(plan, [followUp(2, { trygghet: 'some' }), followUp(3, { trygghet: 'some' })]),
      [],
      'improved at the first follow-up',
    );
    assert.deepEqual(
      areasWithoutImprovement(plan, [followUp(2, { trygghet: 'significant' }), followUp(3, { trygghet: 'some' })]),
      [],
      'improved at the second',
    );
    assert.deepEqual(
      areasWithoutImprovement(null, [followUp(2, { halsa: 'some' }), followUp(3, { halsa: 'significant' })]),
      ['halsa'],
      'worse counts as no improvement',
    );
    assert.deepEqual(
      areasWithoutImprovement(null, [followUp(2, { halsa: 'none' }), followUp(3, { halsa: 'none' })]),
      [],
      'no worry is nothing to escalate',
    );
    assert.deepEqual(
      areasWithoutImprovement(plan, [
        followUp(2, { trygghet: 'some' }),
        followUp(3, { trygghet: 'significant' }),
        followUp(4, { trygghet: 'significant' }),
      ]),
      ['trygghet'],
      'the last two follow-ups count, against the level before them',
    );
  });
});
