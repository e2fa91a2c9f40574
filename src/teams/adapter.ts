/**
 * The botbuilder CloudAdapter, configured from our validated configuration. With no app id the
 * bot runs in local mode: no JWT validation and no outbound token, so the HTTP layer accepts its
 * traffic on loopback only.
 */
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotCredentials } from '../config/config';
import type { Logger } from '../config/logger';
import { requestIdKey } from './turn';

/** botbuilder's endpoint settings (ConfigurationBotFrameworkAuthentication keys) that may be pointed elsewhere. */
export interface BotAuthEndpoints {
  readonly ToBotFromChannelOpenIdMetadataUrl?: string;
  readonly ToBotFromChannelTokenIssuer?: string;
  readonly ToBotFromEmulatorOpenIdMetadataUrl?: string;
  readonly ToChannelFromBotLoginUrl?: string;
  readonly ToChannelFromBotOAuthScope?: string;
  readonly OAuthUrl?: string;
}

/**
 * Tests only: where botbuilder fetches the channel's signing keys and which issuer it trusts, and
 * where the bot's outbound token comes from. Every check stays on; only the endpoints move.
 * Production passes nothing and gets the public cloud's values.
 */
export interface BotAuthOverrides {
  readonly endpoints?: BotAuthEndpoints;
  /** The outbound (bot → connector) access token for a scope, instead of MSAL against Entra. */
  readonly outboundToken?: (scope: string) => Promise<string>;
}

/** The public cloud's values, so that overriding one endpoint keeps the others (botbuilder uses all or none). */
const publicCloud: Required<BotAuthEndpoints> & { CallerId: string } = {
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: CallerIdConstants.PublicAzureChannel,
};

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;

/** The app's own credentials factory (app id checks unchanged); only the outbound token's source differs. */
class OutboundTokenFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(
    options: ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0],
    private readonly token: (scope: string) => Promise<string>,
  ) {
    super(options);
  }

  override async createCredentials(appId: string, audience: string): Promise<Credentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${await this.token(audience)}`);
        return request;
      },
    };
  }
}

/** jsonwebtoken's verdicts on a token (the caller's fault), which CloudAdapter would answer with 500. */
const tokenVerdicts = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The same authentication, except that a token rejected by jsonwebtoken itself (missing or invalid
 * signature, not yet valid) is answered 401 like every other rejected token, not 500.
 */
class ChannelAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof Error && tokenVerdicts.has(err.name))
        throw new AuthenticationError(`Unauthorized. ${err.message}`, StatusCodes.UNAUTHORIZED);
      throw err;
    }
  }
}

export function createAdapter(
  bot: BotCredentials | null,
  logger: Logger,
  overrides: BotAuthOverrides = {},
): CloudAdapter {
  const credentials = {
    MicrosoftAppId: bot?.appId ?? '',
    MicrosoftAppPassword: bot?.appPassword ?? '',
    MicrosoftAppTenantId: bot?.tenantId ?? '',
    MicrosoftAppType: bot?.appType ?? 'MultiTenant',
  };
  const endpoints = overrides.endpoints ? { ...publicCloud, ...overrides.endpoints } : {};
  const factory = overrides.outboundToken ? new OutboundTokenFactory(credentials, overrides.outboundToken) : undefined;
  const auth = new ChannelAuthentication({ ...credentials, ...endpoints }, factory);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Log the error class and activity type only: message text may hold personal data.
    const requestId = context.turnState.get(requestIdKey) as string | undefined;
    logger.error(
      {
        requestId,
        err: { name: error instanceof Error ? error.name : typeof error },
        activityType: context.activity.type,
      },
      'bot turn failed',
    );
  };
  return adapter;
}
