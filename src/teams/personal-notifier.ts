/**
 * The bot's proactive message to one person in their personal chat: a follow-up reminder or a
 * hand-over offer. The conversation is the one the person has with the bot (remembered from their
 * own messages); when there is none yet, the bot opens it with the person's Teams user id, as the
 * Bot Connector allows for a user in a tenant where the app is installed.
 */
import {
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { PersonalMessagePort, PersonalNotice, Recipient } from '../app/follow-up-ports';
import { cards } from '../cards/contracts';
import { render, type AdaptiveCard } from '../cards/render';
import { translator, type Locale } from '../i18n';
import type { Sql } from '../storage/database';
import { personalChatOf, rememberPersonalConversation } from '../storage/personal-conversations';
import { getLocaleChoice, serviceUrlFor } from '../storage/user-preferences';
import { JobError } from '../domain/errors';

const publicCloudServiceUrl = 'https://smba.trafficmanager.net/teams/';

export function noticeCard(notice: PersonalNotice, locale: Locale): AdaptiveCard {
  const t = translator(locale);
  if (notice.kind === 'followUp.reminder') {
    const key = notice.when === 'due' ? 'followUp.reminderDue' : 'followUp.reminderBefore';
    return render(cards.followUpReminder, {
      t: {
        title: t('followUp.reminderTitle'),
        text: t(key, { reference: notice.reference, date: notice.dueDate }),
        record: t('followUp.record'),
        open: t('followUp.open'),
      },
      caseId: notice.caseId,
    });
  }
  if (notice.kind === 'consultation.offer')
    return render(cards.consultationOffer, {
      t: {
        title: t('consult.offerTitle'),
        text: t('consult.offerText', {
          unit: notice.askingUnit,
          fn: notice.functionName,
          reference: notice.reference,
        }),
        taken: notice.takenBy ? t('consult.takenBy', { name: notice.takenBy }) : '',
        take: t('consult.take'),
      },
      requestId: notice.requestId,
      taken: notice.takenBy !== null,
    });
  if (notice.kind === 'consultation.outcomeDue')
    return render(cards.worryReceived, {
      t: {
        title: t('outcome.dueTitle'),
        text: t('outcome.dueText', { reference: notice.reference }),
        open: t('outcome.openCase'),
      },
      caseId: notice.caseId,
    });
  if (notice.kind === 'consultation.adviceGiven')
    return render(cards.worryReceived, {
      t: {
        title: t('consult.adviceTitle'),
        text: t('consult.adviceText', { from: notice.fromName, unit: notice.unitName, reference: notice.reference }),
        open: t('outcome.openCase'),
      },
      caseId: notice.caseId,
    });
  if (notice.kind === 'worry.received' || notice.kind === 'consultee.invited') {
    const worry = notice.kind === 'worry.received';
    return render(cards.worryReceived, {
      t: {
        title: t(worry ? 'consultation.worryTitle' : 'consult.invitedTitle'),
        text: t(worry ? (notice.group ? 'group.worryText' : 'consultation.worryText') : 'consult.invitedText', {
          reference: notice.reference,
          unit: notice.unitName,
        }),
        open: t(worry ? 'consultation.worryOpen' : 'consult.invitedOpen'),
      },
      caseId: notice.caseId,
    });
  }
  const role = t(`roles.${notice.role}`);
  return render(cards.handoverOffer, {
    t: {
      title: t('handover.offerTitle'),
      text: t('handover.offerText', { from: notice.fromName, role, reference: notice.reference }),
      meanwhile: t('handover.meanwhile', { from: notice.fromName }),
      accept: t('handover.accept'),
      decline: t('handover.decline'),
    },
    caseId: notice.caseId,
    handoverId: notice.handoverId,
  });
}

/** The person cannot be reached yet (they have never used the bot): the outbox retries later. */
function unreachable(): JobError {
  return new JobError('RecipientUnreachable', true, 'the person has no conversation with the bot yet');
}

/**
 * A partner tenant's professional (decision 0008): the single-tenant bot cannot open or use a personal
 * chat across tenants. Their cards go to the plan channel or meeting chat instead (src/app/partner-notices.ts
 * wraps this notifier); should one still arrive here, it fails for good at once instead of retrying.
 */
function crossTenant(): JobError {
  return new JobError('CrossTenantPersonalChat', false, 'a partner tenant’s professional has no personal chat');
}

export function botPersonalNotifier(
  adapter: CloudAdapter,
  botAppId: string,
  db: Sql,
  defaultLocale: Locale,
  /** The partner tenants (lower case): their people get no personal message. */
  partnerTenantIds: readonly string[] = [],
): PersonalMessagePort {
  const isPartner = (to: Recipient) => partnerTenantIds.includes(to.tenantId.toLowerCase());
  return {
    async send(to: Recipient, notice: PersonalNotice) {
      if (isPartner(to)) throw crossTenant();
      const chat = await personalChatOf(db, to.tenantId, to.objectId);
      if (chat === null) throw unreachable();
      const locale = (await getLocaleChoice(db, to.tenantId, to.objectId)) ?? defaultLocale;
      const serviceUrl = chat.serviceUrl ?? (await serviceUrlFor(db, to.tenantId)) ?? publicCloudServiceUrl;
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(noticeCard(notice, locale)));
      let activityId = '';
      const sendIn = async (context: TurnContext) => {
        const sent = await context.sendActivity(activity);
        activityId = sent?.id ?? '';
      };
      if (chat.conversationId !== null) {
        const reference = {
          channelId: 'msteams',
          serviceUrl,
          conversation: {
            id: chat.conversationId,
            isGroup: false,
            conversationType: 'personal',
            tenantId: to.tenantId,
            name: '',
          },
          user: { id: chat.userMri, name: '' },
          bot: { id: botAppId, name: 'Samsyn' },
        } as ConversationReference;
        await adapter.continueConversationAsync(botAppId, reference, sendIn);
      } else {
        const parameters: ConversationParameters = {
          isGroup: false,
          bot: { id: botAppId, name: 'Samsyn' },
          members: [{ id: chat.userMri, name: '' }],
          tenantId: to.tenantId,
          channelData: { tenant: { id: to.tenantId } },
        };
        await adapter.createConversationAsync(botAppId, 'msteams', serviceUrl, '', parameters, async (context) => {
          const id = context.activity.conversation?.id;
          if (id) await rememberPersonalConversation(db, to.tenantId, to.objectId, id);
          await sendIn(context);
        });
      }
      if (activityId === '') throw new JobError('PostWithoutId', true, 'the personal message returned no id');
      return { activityId };
    },
    async update(to: Recipient, activityId: string, notice: PersonalNotice) {
      if (isPartner(to)) return;
      const chat = await personalChatOf(db, to.tenantId, to.objectId);
      if (chat === null || chat.conversationId === null) return;
      const locale = (await getLocaleChoice(db, to.tenantId, to.objectId)) ?? defaultLocale;
      const serviceUrl = chat.serviceUrl ?? (await serviceUrlFor(db, to.tenantId)) ?? publicCloudServiceUrl;
      const reference = {
        channelId: 'msteams',
        serviceUrl,
        conversation: {
          id: chat.conversationId,
          isGroup: false,
          conversationType: 'personal',
          tenantId: to.tenantId,
          name: '',
        },
        user: { id: chat.userMri, name: '' },
        bot: { id: botAppId, name: 'Samsyn' },
      } as ConversationReference;
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(noticeCard(notice, locale)));
        await context.updateActivity({ ...activity, id: activityId });
      });
    },
  };
}
