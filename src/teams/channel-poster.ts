/**
 * The bot's post of the plan card into the plan channel, and its updates: a proactive message to
 * the channel's conversation through the CloudAdapter (the Bot Connector at the tenant's service
 * URL; the Agents Playground's connector in development).
 */
import { unitNameOf } from '../app/world';
import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ChannelPostPort, PlanChannelView } from '../app/external-ports';
import type { World } from '../app/world';
import { cards } from '../cards/contracts';
import { render } from '../cards/render';
import { translator, type Locale } from '../i18n';
import type { Sql } from '../storage/database';
import { serviceUrlFor } from '../storage/user-preferences';
import { JobError } from '../domain/errors';

const publicCloudServiceUrl = 'https://smba.trafficmanager.net/teams/';

export function planChannelCard(view: PlanChannelView, world: World, locale: Locale) {
  const t = translator(locale);
  const unitName = (id: string) => unitNameOf(world, id);
  return render(cards.planChannel, {
    t: {
      title: t('plan.channelTitle', { reference: view.reference }),
      version: t('plan.version', { version: view.version, by: view.agreedBy }),
      hidden: t('plan.hidden'),
      moreInTab: t('plan.moreInTab'),
      goalsHeading: t('plan.goalsHeading'),
      actionsHeading: t('plan.actionsHeading'),
      lead: t('plan.leadIs', { lead: view.leadName || '–' }),
      followUp: t('plan.followUpOn', { date: view.followUpDate ?? '–' }),
    },
    hidden: view.hidden,
    moreInTab: view.moreInTab,
    goals: view.goals.map((g) => (g.inChildsWords ? `${g.goal} – ”${g.inChildsWords}”` : g.goal)),
    actions: view.actions.map((a) => ({
      title: `${a.what} (${a.byWhen || '–'})`,
      value: `${a.who}, ${unitName(a.orgUnitId)} – ${a.howWeWillKnow}`,
    })),
  });
}

export function botChannelPoster(
  adapter: CloudAdapter,
  botAppId: string,
  db: Sql,
  world: World,
  locale: Locale,
): ChannelPostPort {
  const reference = (tenantId: string, channelId: string, serviceUrl: string): ConversationReference =>
    ({
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: channelId, isGroup: true, conversationType: 'channel', tenantId, name: '' },
      bot: { id: botAppId, name: 'Samsyn' },
    }) as ConversationReference;
  return {
    async post(tenantId, ref, view) {
      const serviceUrl = (await serviceUrlFor(db, tenantId)) ?? publicCloudServiceUrl;
      let activityId = '';
      await adapter.continueConversationAsync(
        botAppId,
        reference(tenantId, ref.channelId, serviceUrl),
        async (context) => {
          const sent = await context.sendActivity(
            MessageFactory.attachment(CardFactory.adaptiveCard(planChannelCard(view, world, locale))),
          );
          activityId = sent?.id ?? '';
        },
      );
      if (activityId === '') throw new JobError('PostWithoutId', true, 'the channel post returned no id');
      return { activityId, serviceUrl };
    },
    async update(tenantId, ref, serviceUrl, activityId, view) {
      await adapter.continueConversationAsync(
        botAppId,
        reference(tenantId, ref.channelId, serviceUrl),
        async (context) => {
          await context.updateActivity({
            id: activityId,
            type: 'message',
            attachments: [CardFactory.adaptiveCard(planChannelCard(view, world, locale))],
          });
        },
      );
    },
  };
}
