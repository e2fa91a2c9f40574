/**
 * The one configured Microsoft Graph client. Production authenticates with application
 * credentials (the app registration's client secret, or a user-assigned managed identity named by its
 * own client id) for work started from chat, and on behalf of the
 * signed-in professional for work started from the tab. In local development the base URL points
 * at the Graph stand-in and the credential is a development token: the middleware chain is the same.
 */
import type { TokenCredential } from '@azure/identity';
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  OnBehalfOfCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { TimeoutHandler } from './timeout-handler';

export const graphScope = 'https://graph.microsoft.com/.default';

export interface AppCredentials {
  readonly tenantId: string;
  /** The app registration's client id (bot, SSO and Graph). */
  readonly clientId: string;
  /** Its client secret; absent: the managed identity below calls Graph. */
  readonly clientSecret?: string;
  /**
   * The client id of the App Service's user-assigned managed identity (MANAGED_IDENTITY_CLIENT_ID),
   * used when there is no client secret. A managed identity is named by its own client id; the app
   * registration's id would name nothing.
   */
  readonly managedIdentityClientId?: string;
}

export function appCredential(c: AppCredentials): TokenCredential {
  if (c.clientSecret) return new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret);
  if (c.managedIdentityClientId) return new ManagedIdentityCredential({ clientId: c.managedIdentityClientId });
  throw new Error(
    'Microsoft Graph needs a client secret (MicrosoftAppPassword) or a managed identity (MANAGED_IDENTITY_CLIENT_ID)',
  );
}

/**
 * App-only calls in a partner's tenant (decision 0008): the same multi-tenant app, a token issued by the
 * partner's tenant (its authority, the roles its admin consented). A managed identity exists only in the
 * host tenant, so it cannot ask there itself: it proves the app's identity as the app registration's
 * federated credential (its token for api://AzureADTokenExchange is the client assertion).
 */
export function partnerCredential(c: AppCredentials, partnerTenantId: string): TokenCredential {
  if (c.clientSecret) return new ClientSecretCredential(partnerTenantId, c.clientId, c.clientSecret);
  if (c.managedIdentityClientId) {
    const identity = new ManagedIdentityCredential({ clientId: c.managedIdentityClientId });
    return new ClientAssertionCredential(partnerTenantId, c.clientId, async () => {
      const token = await identity.getToken(federatedTokenScope);
      if (token === null) throw new Error('the managed identity returned no token for the federated credential');
      return token.token;
    });
  }
  throw new Error(
    'Microsoft Graph in a partner tenant needs a client secret (MicrosoftAppPassword) or a managed identity (MANAGED_IDENTITY_CLIENT_ID) trusted as the app’s federated credential',
  );
}

/** The audience of the token a managed identity presents as a federated credential. */
export const federatedTokenScope = 'api://AzureADTokenExchange/.default';

/** For calls made from the tab on behalf of the signed-in professional (the tab's SSO token). */
export function onBehalfOfCredential(
  c: AppCredentials & { clientSecret: string },
  userAssertionToken: string,
): TokenCredential {
  return new OnBehalfOfCredential({
    tenantId: c.tenantId,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    userAssertionToken,
  });
}

/** The development credential for the stand-in: a fixed token, never accepted by real Graph. */
export const developmentCredential: TokenCredential = {
  async getToken() {
    return { token: 'development-stand-in-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/**
 * The stand-in's token for a partner tenant: it names the tenant, so the stand-in answers with that
 * tenant's directory (as real Graph answers with the directory of the tenant that issued the token).
 */
export function developmentCredentialFor(tenantId: string): TokenCredential {
  return {
    async getToken() {
      return { token: `${developmentTokenPrefix}${tenantId}`, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

export const developmentTokenPrefix = 'development-stand-in-token.tenant.';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/ (default) or the stand-in's URL. */
  readonly baseUrl: string;
  readonly credential: TokenCredential;
  /** Retry on 429/503/504 honouring Retry-After: seconds of the first delay, and how many retries. */
  readonly retry?: { readonly delaySeconds: number; readonly maxRetries: number };
  /**
   * Passed to fetch. Tests use it to trust the stand-in's generated certificate (a dispatcher);
   * the app trusts it through NODE_EXTRA_CA_CERTS instead, so production passes nothing here.
   */
  readonly fetchOptions?: Record<string, unknown>;
  /** Time limit of one request attempt (default 30 s); a hung request fails as retryable. */
  readonly timeoutMs?: number;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(options.credential, { scopes: [graphScope] });
  const retry = options.retry ?? { delaySeconds: 3, maxRetries: 3 };
  const auth = new AuthenticationHandler(authProvider);
  const retries = new RetryHandler(new RetryHandlerOptions(retry.delaySeconds, retry.maxRetries));
  const redirects = new RedirectHandler();
  const telemetry = new TelemetryHandler();
  auth.setNext(retries);
  retries.setNext(redirects);
  redirects.setNext(telemetry);
  const timeout = new TimeoutHandler(options.timeoutMs ?? 30_000);
  telemetry.setNext(timeout);
  timeout.setNext(new HTTPMessageHandler());
  const host = new URL(options.baseUrl).hostname;
  return Client.initWithMiddleware({
    baseUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    middleware: auth,
    // The stand-in's host must be known to the client, or the auth handler will not send the token.
    customHosts: host === 'graph.microsoft.com' ? undefined : new Set([host]),
    defaultVersion: 'v1.0',
    ...(options.fetchOptions ? { fetchOptions: options.fetchOptions } : {}),
  });
}
