/**
 * What the infrastructure checks (test/support/infra-checks.ts) hold the Bicep to: the resource
 * types and API versions allowed, the diagnostics each resource sends, the Key Vault roles, and the
 * app settings that must be there (every configuration variable) or come only from Key Vault.
 */
import { configVariables } from '../../src/config/config';

/** Resource types and API versions the templates may use (stable, non-preview versions). */
export const allowedResources: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.OperationalInsights/workspaces': ['2023-09-01'],
  'Microsoft.Insights/components': ['2020-02-02'],
  'Microsoft.Network/virtualNetworks': ['2024-05-01'],
  'Microsoft.Network/privateDnsZones': ['2024-06-01'],
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': ['2024-06-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/configurations': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/databases': ['2024-08-01'],
  'Microsoft.KeyVault/vaults': ['2023-07-01'],
  'Microsoft.KeyVault/vaults/secrets': ['2023-07-01'],
  'Microsoft.KeyVault/vaults/keys': ['2023-07-01'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.Storage/storageAccounts': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies': ['2023-05-01'],
  'Microsoft.Web/serverfarms': ['2024-04-01'],
  'Microsoft.Web/sites': ['2024-04-01'],
  'Microsoft.Web/sites/config': ['2024-04-01'],
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': ['2024-04-01'],
  'Microsoft.BotService/botServices': ['2022-09-15'],
  'Microsoft.BotService/botServices/channels': ['2022-09-15'],
  // The one exception to "non-preview": diagnostic settings with category lists have no GA version.
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
};

/**
 * Diagnostic settings: per resource type, the log categories that must be sent to the workspace and
 * those that must not (App Service HTTP logs record URLs with query strings and one-time link tokens).
 */
export const diagnostics: Readonly<
  Record<string, { readonly required: readonly string[]; readonly forbidden: readonly string[] }>
> = {
  'Microsoft.Web/sites': {
    required: ['AppServiceConsoleLogs', 'AppServicePlatformLogs'],
    forbidden: ['AppServiceHTTPLogs'],
  },
  'Microsoft.DBforPostgreSQL/flexibleServers': {
    required: ['PostgreSQLLogs'],
    forbidden: ['PostgreSQLFlexQueryStoreRuntime'],
  },
};

export const keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6';
export const keyVaultCryptoUserRole = '12338af0-0e69-4776-bea7-57ae8d297424';
export const keyVaultReference = /^@Microsoft\.KeyVault\(SecretUri=\$\{[A-Za-z_][A-Za-z0-9_.]*\}\)$/;
/** Settings that hold secrets: only Key Vault references are allowed as their values. */
export const secretSettings = ['MicrosoftAppPassword', 'DATABASE_URL'];
/** Every variable the app reads, plus the one the telemetry set-up reads. */
export const requiredSettings = [...new Set([...configVariables, 'APPLICATIONINSIGHTS_CONNECTION_STRING'])];
