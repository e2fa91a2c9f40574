/**
 * The one place that reads the environment. Every variable is validated at start-up; a problem
 * stops the start with a message naming the variable (never its value when it is a secret).
 */
import path from 'node:path';
import { z } from 'zod';
import { guidPattern } from '../domain/ids';
import { defaultOrgConfigFile } from './org-config';

const guid = guidPattern;
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3978)),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string'),
  ),
  BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(['sv', 'en']).default('sv')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  ORG_CONFIG_FILE: z.preprocess(emptyToUndefined, z.string().default(defaultOrgConfigFile)),
  GRAPH_BASE_URL: optional(z.url({ protocol: /^https$/ })),
  /** Seconds between directory syncs: the bound on how long a person removed from their groups keeps access. */
  DIRECTORY_SYNC_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(30).max(3600).default(300)),
  PLAN_TEAM_ID: optional(z.string().min(1).max(200)),
  PLAN_CHANNEL_ON_CLOSE: z.preprocess(emptyToUndefined, z.enum(['archive', 'delete']).default('archive')),
  TEAMS_APP_ID: optional(z.string().regex(guid, 'must be the Teams app (manifest) id, a GUID')),
  ALLOWED_TENANTS: optional(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t !== ''),
      )
      .refine((ts) => ts.every((t) => guid.test(t)), 'must be a comma-separated list of tenant ids (GUIDs)'),
  ),
  DEV_AUTH: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  MicrosoftAppId: optional(z.string().regex(guid, 'must be the Entra application (client) id, a GUID')),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppTenantId: optional(z.string().regex(guid, 'must be the Entra tenant id, a GUID')),
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ),
  MANAGED_IDENTITY_CLIENT_ID: optional(
    z.string().regex(guid, 'must be the client id of the user-assigned managed identity, a GUID'),
  ),
  AUDIT_ANCHOR: optional(
    z
      .string()
      .refine(
        (v) =>
          /^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/?$/.test(v) ||
          /(^|;)BlobEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(v),
        'must be a storage account blob URL (https://<account>.blob.core.windows.net) or, for development, an Azurite connection string',
      ),
  ),
  AUDIT_ANCHOR_CONTAINER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name')
      .default('audit-anchor'),
  ),
  AUDIT_SIGNING_KEY_FILE: optional(z.string().min(1)),
  AUDIT_SIGNING_KEY_VAULT_KEY_ID: optional(
    z
      .string()
      .regex(
        /^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?\/?$/,
        'must be a Key Vault key identifier, https://<vault>.vault.azure.net/keys/<name>[/<version>]',
      ),
  ),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optional(
    z
      .string()
      .regex(
        /(^|;)\s*InstrumentationKey=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*(;|$)/i,
        'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
      ),
  ),
});

export interface BotCredentials {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly tenantId: string | undefined;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /**
   * With UserAssignedMSI (no client secret): the client id of the managed identity that calls
   * Microsoft Graph — its own id, never the app registration's.
   */
  readonly managedIdentityClientId?: string;
}

export interface Config {
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly baseUrl: string;
  readonly defaultLocale: 'sv' | 'en';
  /** DEFAULT_LOCALE was set explicitly: the organisation forces it over the Teams locale. */
  readonly localeForced: boolean;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly orgConfigFile: string;
  /** Seconds between directory syncs (default 300): a removed person loses access within this time. */
  readonly directorySyncSeconds: number;
  /** Null in local mode: no app id, traffic accepted on loopback only. */
  readonly bot: BotCredentials | null;
  /**
   * Microsoft Graph: the base URL (https://graph.microsoft.com unless a stand-in is configured);
   * null when neither credentials nor a stand-in are configured (meetings and channels unavailable).
   */
  readonly graph: { readonly baseUrl: string; readonly development: boolean } | null;
  /** The team whose shared channels hold the agreed plans. */
  readonly planTeamId: string | undefined;
  /** Tenants whose users may sign in to the tab (default: the app's own tenant). */
  readonly allowedTenants: readonly string[];
  /** Local development only: the tab signs in as a development persona (loopback callers only). */
  readonly devAuth: boolean;
  /** What happens to a closed case's plan channel. */
  readonly planChannelOnClose: 'archive' | 'delete';
  /** The Teams app (manifest) id, to enable the app in new plan channels. */
  readonly teamsAppId: string | undefined;
  /**
   * The audit log's anchor store (decision 0007): a storage account's blob URL (managed identity) or,
   * in development, an Azurite connection string; null: no sealer runs (rows stay unsealed).
   */
  readonly auditAnchor: { readonly target: string; readonly container: string } | null;
  /** The ES256 key file that signs audit checkpoints (generated on first use); default in DATA_DIR. */
  readonly auditSigningKeyFile: string;
  /**
   * Production: the Key Vault key (EC P-256) that signs audit checkpoints in the vault instead of the
   * key file (decision 0007); undefined: the key file signs.
   */
  readonly auditSigningKeyVaultKeyId: string | undefined;
  /** Application Insights: when set, src/telemetry.ts exports traces and metrics there. Never logged. */
  readonly applicationInsightsConnectionString: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Samsyn cannot start, the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Configuration".`,
    );
    this.name = 'ConfigError';
  }
}

function botRules(env: z.infer<typeof envSchema>): string[] {
  if (env.DEV_AUTH === 'true' && env.MicrosoftAppId !== undefined) {
    return ['DEV_AUTH=true is for local development only and cannot be combined with MicrosoftAppId'];
  }
  if (env.MicrosoftAppId === undefined) {
    return env.MicrosoftAppPassword !== undefined ? ['MicrosoftAppPassword is set but MicrosoftAppId is not'] : [];
  }
  const problems: string[] = [];
  if (env.MicrosoftAppType !== 'UserAssignedMSI' && env.MicrosoftAppPassword === undefined) {
    problems.push(`MicrosoftAppPassword is required when MicrosoftAppType is ${env.MicrosoftAppType}`);
  }
  if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MANAGED_IDENTITY_CLIENT_ID === undefined) {
    problems.push(
      'MANAGED_IDENTITY_CLIENT_ID is required when MicrosoftAppType is UserAssignedMSI (the client id of the managed identity that calls Microsoft Graph)',
    );
  }
  if (env.MicrosoftAppType !== 'MultiTenant' && env.MicrosoftAppTenantId === undefined) {
    problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType is ${env.MicrosoftAppType}`);
  }
  if (env.BASE_URL !== undefined && !env.BASE_URL.startsWith('https://')) {
    problems.push('BASE_URL must use https:// when the bot has credentials (Teams calls it over the internet)');
  }
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = botRules(e);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    defaultLocale: e.DEFAULT_LOCALE,
    localeForced: typeof env.DEFAULT_LOCALE === 'string' && env.DEFAULT_LOCALE.trim() !== '',
    logLevel: e.LOG_LEVEL,
    orgConfigFile: path.resolve(e.ORG_CONFIG_FILE),
    directorySyncSeconds: e.DIRECTORY_SYNC_SECONDS,
    graph:
      e.MicrosoftAppId !== undefined
        ? { baseUrl: e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com', development: false }
        : e.GRAPH_BASE_URL !== undefined
          ? { baseUrl: e.GRAPH_BASE_URL, development: true }
          : null,
    planTeamId: e.PLAN_TEAM_ID,
    teamsAppId: e.TEAMS_APP_ID,
    planChannelOnClose: e.PLAN_CHANNEL_ON_CLOSE,
    allowedTenants: e.ALLOWED_TENANTS ?? (e.MicrosoftAppTenantId ? [e.MicrosoftAppTenantId.toLowerCase()] : []),
    devAuth: e.DEV_AUTH === 'true',
    applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    auditAnchor: e.AUDIT_ANCHOR === undefined ? null : { target: e.AUDIT_ANCHOR, container: e.AUDIT_ANCHOR_CONTAINER },
    auditSigningKeyFile: path.resolve(e.AUDIT_SIGNING_KEY_FILE ?? path.join(e.DATA_DIR, 'audit-signing-key.pem')),
    auditSigningKeyVaultKeyId: e.AUDIT_SIGNING_KEY_VAULT_KEY_ID,
    bot:
      e.MicrosoftAppId === undefined
        ? null
        : {
            appId: e.MicrosoftAppId,
            appPassword: e.MicrosoftAppPassword,
            tenantId: e.MicrosoftAppTenantId,
            appType: e.MicrosoftAppType,
            ...(e.MicrosoftAppType === 'UserAssignedMSI' && e.MANAGED_IDENTITY_CLIENT_ID !== undefined
              ? { managedIdentityClientId: e.MANAGED_IDENTITY_CLIENT_ID }
              : {}),
          },
  };
}

/** Every environment variable the configuration reads (README and infrastructure checks use it). */
export const configVariables: readonly string[] = Object.keys(envSchema.shape);
