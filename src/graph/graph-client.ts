/**
 * The one configured Microsoft Graph client. Production authenticates with application
 * credentials (the app registration's client secret, or a user-assigned managed identity named by its
 * own client id) for work started from chat, and on behalf of the
 * signed-in professional for work started from the tab. In local development the base URL points
 * at the Graph stand-in and the credential is a development token: the middleware chain is the same.
 */
import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential, ManagedIdentityCredential, OnBehalfOfCredential } from '@azure/identity';
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
