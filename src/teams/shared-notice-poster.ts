/**
 * A partner tenant's professional's card in the case's plan channel or meeting chat (decision 0008,
 * src/app/partner-notices.ts decides where): a proactive message in the host tenant's conversation
 * with the person @mentioned — the text names them in `<at>…</at>` and the activity's `entities` carry
 * the Teams mention with their id (their Teams user id when the bot has seen them, else their Entra
 * object id, which Teams accepts for a mention) — and the same card their personal chat would show.
 */
import { CardFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { PersonalNotice } from '../app/follow-up-ports';
import type { Mentioned, SharedNoticePort, SharedPlace } from '../app/partner-notices';
import { translator, type Locale } from '../i18n';
import type { Sql } from '../storage/database';
import { personalChatOf } from '../storage/personal-conversations';
import { getLocaleChoice, serviceUrlFor } from '../storage/user-preferences';
import { JobError } from '../domain/errors';
import { noticeCard } from './personal-notifier';

const publicCloudServiceUrl = 'https://smba.trafficmanager.net/teams/';

/** The message: "@Name" and a line, the card, and the mention entity Teams needs to notify them. */
export function mentionActivity(
  to: Mentioned,
  mentionId: string,
  notice: PersonalNotice,
  locale: Locale,
): Partial<Activity> {
  const t = translator(locale);
  // The name as plain text (no markup from a display name), the same in the text and the entity.
  const name = (to.displayName || t('partner.you')).replace(/[<>&]/g, '');
  const at = `<at>${name}</at>`;
  return {
    type: 'message',
    text: `${at} ${t('partner.cardFor')}`,
    attachments: [CardFactory.adaptiveCard(noticeCard(notice, locale))],
    entities: [{ type: 'mention', text: at, mentioned: { id: mentionId, name } }],
  };
}

export function botSharedNoticePoster(
  adapter: CloudAdapter,
  botAppId: string,
  db: Sql,
  defaultLocale: Locale,
  /** The host tenant: plan channels and meetings are its conversations. */
  hostTenantId: string,
): SharedNoticePort {
  const referenceOf = async (place: SharedPlace): Promise<ConversationReference> =>
    ({
      channelId: 'msteams',
      serviceUrl: place.serviceUrl ?? (await serviceUrlFor(db, hostTenantId)) ?? publicCloudServiceUrl,
      conversation: {
        id: place.conversationId,
        isGroup: true,
        conversationType: place.kind === 'planChannel' ? 'channel' : 'groupChat',
        tenantId: hostTenantId,
        name: '',
      },
      bot: { id: botAppId, name: 'Samsyn' },
    }) as ConversationReference;
  const activityFor = async (to: Mentioned, notice: PersonalNotice) => {
    const locale = (await getLocaleChoice(db, to.tenantId, to.objectId)) ?? defaultLocale;
    const mentionId = (await personalChatOf(db, to.tenantId, to.objectId))?.userMri ?? to.objectId;
    return mentionActivity(to, mentionId, notice, locale);
  };
  return {
    async post(place, to, notice) {
      const activity = await activityFor(to, notice);
      let activityId = '';
      await adapter.continueConversationAsync(botAppId, await referenceOf(place), async (context) => {
        activityId = (await context.sendActivity(activity))?.id ?? '';
      });
      if (activityId === '') throw new JobError('PostWithoutId', true, 'the mention post returned no id');
      return { activityId };
    },
    async update(place, activityId, to, notice) {
      const activity = await activityFor(to, notice);
      await adapter.continueConversationAsync(botAppId, await referenceOf(place), async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      });
    },
  };
}
