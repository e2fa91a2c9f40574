/**
 * The botbuilder CloudAdapter, configured from our validated configuration. With no app id the
 * bot runs in local mode: no JWT validation and no outbound token, so the HTTP layer accepts its
 * traffic on loopback only.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { BotCredentials } from '../config/config';
import type { Logger } from '../config/logger';

export function createAdapter(bot: BotCredentials | null, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot?.appId ?? '',
    MicrosoftAppPassword: bot?.appPassword ?? '',
    MicrosoftAppTenantId: bot?.tenantId ?? '',
    MicrosoftAppType: bot?.appType ?? 'MultiTenant',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Log the error class and activity type only: message text may hold personal data.
    logger.error({ err: { name: error instanceof Error ? error.name : typeof error }, activityType: context.activity.type }, 'bot turn failed');
  };
  return adapter;
}
