/**
 * The bot's update of a case card in place when a job's long operation finished (the meeting
 * created, the plan posted): it continues the card's conversation at the connector's service URL
 * and replaces the message (updateActivity) with the case card rendered for no particular person.
 */
import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { CaseCardPort } from '../app/external-ports';
import { translator, type Locale } from '../i18n';
import type { Sql } from '../storage/database';
import { teamsUserIds } from '../storage/user-preferences';
import { finishedCaseCard } from './handlers/case-view';

export function botCaseCardUpdater(adapter: CloudAdapter, botAppId: string, db: Sql, locale: Locale): CaseCardPort {
  return {
    async update(card, view) {
      const t = translator(locale);
      const rendered = finishedCaseCard(t, view, await teamsUserIds(db, view.parties), card.personal);
      const reference = {
        channelId: 'msteams',
        serviceUrl: card.serviceUrl,
        conversation: {
          id: card.conversationId,
          isGroup: !card.personal,
          conversationType: card.personal ? 'personal' : 'groupChat',
          tenantId: '',
          name: '',
        },
        bot: { id: botAppId, name: 'Samsyn' },
      } as ConversationReference;
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        await context.updateActivity({
          id: card.activityId,
          type: 'message',
          attachments: [CardFactory.adaptiveCard(rendered)],
        });
      });
    },
  };
}
