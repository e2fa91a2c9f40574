// App Service on Linux (Node 22 LTS) running Samsyn as at least two instances. The instances are
// stateless: every piece of state (cases, drafts, the outbox, the audit log) is in PostgreSQL, so
// any instance can serve any request and the outbox's job claims keep side effects single.
// Secrets come from Key Vault references resolved with the app's system-assigned identity.

param location string
param namePrefix string
param tags object = {}

@description('App Service plan SKU (Premium v3 for VNet integration, always-on and zone redundancy).')
param planSkuName string = 'P1v3'

@description('Number of instances; two or more, so one can restart or fail without an outage.')
@minValue(2)
param instanceCount int = 2

@description('Spread the instances across availability zones (needs three or more instances in regions with zones).')
param zoneRedundant bool = false

@description('Subnet delegated to Microsoft.Web/serverFarms for outbound VNet integration.')
param appSubnetId string

@description('Public host name of the app; empty = <site>.azurewebsites.net.')
param customHostName string = ''

@description('Key Vault that holds the secrets (same resource group).')
param keyVaultName string

@description('Key Vault URIs (without version, so a rotated value is picked up) of the client secret and of DATABASE_URL.')
param appCredentialUri string
param databaseUrlUri string

param appInsightsConnectionString string

@description('Log Analytics workspace that receives the web app\'s platform and console logs and metrics (diagnostic settings).')
param logAnalyticsWorkspaceId string

@description('The Entra application (client) id of the bot and SSO app.')
param microsoftAppId string

@description('Tenants whose users may sign in to the tab (comma-separated GUIDs); empty = the app\'s own tenant.')
param allowedTenants string = ''

@description('Teams app (manifest) id.')
param teamsAppId string

@description('Group id of the team whose shared channels hold the agreed plans; empty = meeting-chat fallback.')
param planTeamId string = ''

@allowed([
  'archive'
  'delete'
])
param planChannelOnClose string = 'archive'

@description('sv or en to force a language for everyone; empty = follow the Teams client.')
@allowed([
  ''
  'sv'
  'en'
])
param defaultLocale string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Organisation configuration file, relative to the deployed folder or absolute.')
param orgConfigFile string = 'config/organisations.json'

@description('The audit anchor store: the storage account blob URL (modules/audit-anchor.bicep).')
param auditAnchorUrl string

@description('The Key Vault key that signs audit checkpoints (modules/keyvault.bicep): its name, and its URI without a version.')
param auditSigningKeyName string
param auditSigningKeyUri string

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultCryptoUserRoleId = '12338af0-0e69-4776-bea7-57ae8d297424'
var siteName = '${namePrefix}-app'
var publicHost = empty(customHostName) ? '${siteName}.azurewebsites.net' : customHostName

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSkuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    virtualNetworkSubnetId: appSubnetId
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --max-old-space-size=1024 dist/src/main.js' // as package.json "start": live heap ~50 MB; the cap keeps V8 from letting garbage grow to hundreds of MB on a large host
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      vnetRouteAllEnabled: true
    }
  }
}

// No FTP or Kudu basic-auth publishing: deployments authenticate with Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource auditSigningKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' existing = {
  parent: vault
  name: auditSigningKeyName
}

// Key Vault Crypto User on the audit signing key only: read its public half and sign with it.
resource auditKeyCryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditSigningKey.id, site.id, keyVaultCryptoUserRoleId)
  scope: auditSigningKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The settings are written after the role assignment, so the first resolution of the Key Vault
// references already has the permission. Every variable src/config/config.ts reads is here
// (test/unit/infra.test.ts checks it against configVariables).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    PORT: '8080'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    DATA_DIR: '/home/data'
    DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${databaseUrlUri})'
    BASE_URL: 'https://${publicHost}'
    DEFAULT_LOCALE: defaultLocale
    LOG_LEVEL: logLevel
    ORG_CONFIG_FILE: orgConfigFile
    GRAPH_BASE_URL: 'https://graph.microsoft.com'
    // Seconds between directory syncs from Entra ID: the bound on a removed person's access.
    DIRECTORY_SYNC_SECONDS: '300'
    PLAN_TEAM_ID: planTeamId
    PLAN_CHANNEL_ON_CLOSE: planChannelOnClose
    TEAMS_APP_ID: teamsAppId
    ALLOWED_TENANTS: allowedTenants
    DEV_AUTH: 'false'
    MicrosoftAppId: microsoftAppId
    MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${appCredentialUri})'
    MicrosoftAppTenantId: tenant().tenantId
    MicrosoftAppType: 'SingleTenant'
    // Only for MicrosoftAppType UserAssignedMSI (no client secret): the managed identity calling Graph.
    MANAGED_IDENTITY_CLIENT_ID: ''
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    // The audit log's anchor store (decision 0007), reached with the app's managed identity.
    AUDIT_ANCHOR: auditAnchorUrl
    AUDIT_ANCHOR_CONTAINER: 'audit-anchor'
    // The checkpoint signing key signs in Key Vault (decision 0007); the key file is then not used.
    AUDIT_SIGNING_KEY_VAULT_KEY_ID: auditSigningKeyUri
    AUDIT_SIGNING_KEY_FILE: '/home/data/audit-signing-key.pem'
  }
  dependsOn: [
    secretsUser
    auditKeyCryptoUser
  ]
}


// The web app's own logs and metrics to Log Analytics: console output (the app's JSON lines, already
// free of personal data, plus anything the runtime prints when the process fails to start), platform
// events (starts, restarts, health) and audits. Not AppServiceHTTPLogs: they record every URL with its
// query string and one-time link tokens; requests reach Application Insights with those removed.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
      {
        category: 'AppServiceAuditLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output siteId string = site.id
output siteName string = site.name
output publicHost string = publicHost
output principalId string = site.identity.principalId
