import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import { toLocale, translator, type Locale } from '../i18n';

/** The Teams bot. This issue wires the protocol; commands and cards arrive with the chat issue. */
export class SamsynBot extends TeamsActivityHandler {
  constructor(private readonly defaultLocale: Locale) {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      const t = translator(toLocale(context.activity.locale, this.defaultLocale));
      await context.sendActivity(t('bot.notReady'));
      await next();
    });
  }
}
