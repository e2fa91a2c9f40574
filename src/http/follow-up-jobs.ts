/** The outbox handlers of follow-up reminders and hand-over offers (the bot's personal messages). */
import type { PersonalMessagePort } from '../app/follow-up-ports';
import { sendFollowUpReminder } from '../app/send-follow-up-reminder';
import { sendHandoverOffer } from '../app/send-handover-offer';
import { reminderKinds, type ReminderKind } from '../domain/follow-up';
import type { FollowUpJobStore } from '../storage/follow-up-job-store';
import { followUpJobs } from '../storage/follow-up-reminders';
import { handoverJobs } from '../storage/handover-repository';
import type { OutboxHandlers } from '../storage/outbox-runner';

export function followUpOutboxHandlers(store: FollowUpJobStore, notifier: PersonalMessagePort): OutboxHandlers {
  return {
    [followUpJobs.remind]: async (job) => {
      const when = String(job.payload.when);
      if (!(reminderKinds as readonly string[]).includes(when)) throw Object.assign(new Error('bad reminder kind'), { code: 'BadPayload', retryable: false });
      return sendFollowUpReminder(store, notifier, { caseId: String(job.payload.caseId), version: Number(job.payload.version), dueDate: String(job.payload.dueDate), when: when as ReminderKind });
    },
    [handoverJobs.offer]: async (job) => sendHandoverOffer(store, notifier, String(job.payload.handoverId)),
  };
}
