/** A consented case with an agreed plan (Anna leads, Bo takes part), and a notifier that records what the bot would send. */
import { planInputOf } from '../../src/app/plan-input';
import { savePlan } from '../../src/app/save-plan';
import type { PersonalMessagePort, PersonalNotice, Recipient } from '../../src/app/follow-up-ports';
import type { Clock } from '../../src/domain/ports';
import type { PlanContent } from '../../src/domain/plan';
import type { Database } from '../../src/storage/database';
import type { ChannelPostPort } from '../../src/app/external-ports';
import { jobHandlers } from '../../src/jobs/catalog';
import { FollowUpJobStore } from '../../src/storage/follow-up-job-store';
import type { OutboxHandlers } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { childIdentity, consentFor, contextAs, emptyDetails, people, reposAs, units } from './world';

export function planWith(followUpDate: string | null): PlanContent {
  return {
    reason: 'Hög frånvaro och oro hemma',
    needs: [
      {
        areaId: 'trygghet',
        need: 'Trygg start på dagen',
        childView: 'Jag vill vara med kompisarna',
        guardianView: '',
        level: 'significant',
      },
    ],
    goals: [{ goal: 'Närvaro över 90 %', inChildsWords: 'Gå till skolan varje dag' }],
    actions: [
      {
        what: 'Morgonmöte med mentor',
        who: 'Anna Skola',
        orgUnitId: units.school,
        byWhen: '2026-04-01',
        howWeWillKnow: 'Närvaron ökar',
      },
      {
        what: 'Föräldrastöd',
        who: 'Bo Social',
        orgUnitId: units.social,
        byWhen: '2026-04-15',
        howWeWillKnow: 'Vårdnadshavarna säger att morgnarna går bättre',
      },
    ],
    childsWishForLead: 'Anna',
    leadProfessional: {
      tenantId: people.anna.tenantId,
      objectId: people.anna.objectId,
      displayName: people.anna.displayName,
      orgUnitId: units.school,
    },
    followUpDate,
    disagreements: '',
    consentId: null,
    recipients: [],
  };
}

/** Creates the case and agrees the plan as Anna; returns the case id and the agreed version. */
export async function caseWithAgreedPlan(
  db: Database,
  clock: Clock,
  followUpDate = '2026-03-20',
): Promise<{ caseId: string; version: number; reference: string }> {
  const anna = reposAs(db, people.anna, clock);
  const kase = await anna.cases.createCase({
    kind: 'consented',
    details: emptyDetails,
    child: childIdentity,
    consent: consentFor([units.social, units.bvc], clock),
  });
  await anna.parties.addParty(kase.id, { ...people.bo, role: 'participant' });
  const r = await savePlan(
    await contextAs(db, people.anna, clock),
    kase.id,
    planInputOf(planWith(followUpDate)),
    0,
    true,
  );
  if (r.kind !== 'saved' || !r.agreed) throw new Error('the plan was not agreed');
  return { caseId: kase.id, version: r.version.version, reference: kase.reference };
}

export class RecordingNotifier implements PersonalMessagePort {
  readonly sent: { to: Recipient; notice: PersonalNotice }[] = [];
  readonly updated: { to: Recipient; activityId: string; notice: PersonalNotice }[] = [];
  async send(to: Recipient, notice: PersonalNotice): Promise<{ activityId: string }> {
    this.sent.push({ to, notice });
    return { activityId: `1:notice-${this.sent.length}` };
  }
  async update(to: Recipient, activityId: string, notice: PersonalNotice): Promise<void> {
    this.updated.push({ to, activityId, notice });
  }
}

/** The personal-message job handlers (follow-up reminders, hand-over offers, routed worries, consultee invitations) of the job catalogue, with plan posts ignored. */
export function followUpHandlers(
  db: Database,
  clock: Clock,
  notifier: PersonalMessagePort,
  name = 'test',
): OutboxHandlers {
  const store = new SystemStore(db, clock, name);
  const poster: ChannelPostPort = {
    post: () => Promise.reject(new Error('no channel posts in this test')),
    update: () => Promise.reject(new Error('no channel posts in this test')),
  };
  const handlers = jobHandlers(
    {
      store,
      calendar: null,
      channels: null,
      poster,
      config: { planTeamId: undefined, planChannelOnClose: 'archive' },
      clock,
      followUps: { store: new FollowUpJobStore(db, store), notifier },
    },
    [
      'followUp.remind',
      'handover.offer',
      'worry.notify',
      'consultee.notify',
      'consultation.outcomeReminder',
      'consultation.outcomeDue',
      'consultation.adviceGiven',
      'consultation.offer',
      'consultation.taken',
    ],
  );
  return { ...handlers, 'plan.publish': async () => null };
}
