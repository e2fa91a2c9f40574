// Samsyn in one resource group: App Service on Linux (Node 22 LTS, two or more instances, VNet
// integration), Azure Database for PostgreSQL Flexible Server (private access only, TLS required),
// Key Vault (RBAC) for the secrets, Log Analytics + Application Insights, and the Azure Bot with
// the Microsoft Teams channel. See infra/README.md; checked offline by test/unit/infra.test.ts.
targetScope = 'resourceGroup'

@description('Azure region for every regional resource (the bot registration itself is global).')
param location string = 'swedencentral'

@description('Short prefix of resource names; a suffix derived from the resource group makes them unique.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'samsyn'

@description('The Entra application (client) id used by the bot, the tab\'s SSO and Microsoft Graph.')
param microsoftAppId string

@secure()
@description('A client secret of that Entra application. Stored in Key Vault, never in app settings.')
param microsoftAppPassword string

@description('The Teams app (manifest) id, TEAMS_APP_ID.')
param teamsAppId string

@description('Group id of the team whose shared channels hold the agreed plans (PLAN_TEAM_ID); empty = meeting-chat fallback.')
param planTeamId string = ''

@description('What happens to a closed case\'s plan channel.')
@allowed([
  'archive'
  'delete'
])
param planChannelOnClose string = 'archive'

@description('Tenants whose users may sign in to the tab, comma-separated; empty = this tenant only.')
param allowedTenants string = ''

@description('sv or en to force one language; empty = follow each user\'s Teams client.')
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

@description('Organisation configuration file in the deployed package (replace the shipped sample before deploying).')
param orgConfigFile string = 'config/organisations.json'

@description('Custom public host name (the DNS record and certificate are set up separately); empty = <app>.azurewebsites.net.')
param customHostName string = ''

@description('App Service plan SKU.')
param appServicePlanSku string = 'P1v3'

@description('Number of app instances (two or more).')
@minValue(2)
param instanceCount int = 2

@description('Spread app instances across availability zones (use three or more instances).')
param zoneRedundant bool = false

@description('PostgreSQL major version.')
@allowed([
  '15'
  '16'
])
param postgresVersion string = '16'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'samsyn_admin'

@secure()
@description('PostgreSQL administrator password (stored in Key Vault inside DATABASE_URL).')
param postgresAdminPassword string

param postgresSkuTier string = 'GeneralPurpose'
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed([
  'Disabled'
  'ZoneRedundant'
  'SameZone'
])
param postgresHighAvailability string = 'ZoneRedundant'

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

param tags object = {
  application: 'samsyn'
}

var prefix = '${namePrefix}-${take(uniqueString(resourceGroup().id), 6)}'
var postgresServerName = '${prefix}-pg'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: prefix
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    namePrefix: prefix
    tags: tags
    postgresServerName: postgresServerName
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    tags: tags
    serverName: postgresServerName
    postgresVersion: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    skuTier: postgresSkuTier
    skuName: postgresSkuName
    highAvailabilityMode: postgresHighAvailability
    delegatedSubnetId: network.outputs.postgresSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    vaultName: '${prefix}-kv'
    microsoftAppPassword: microsoftAppPassword
    postgresPassword: postgresAdminPassword
    postgresLogin: postgresAdminLogin
    postgresHost: postgres.outputs.fqdn
    postgresDatabase: postgres.outputs.databaseName
  }
}

module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    location: location
    namePrefix: prefix
    tags: tags
    planSkuName: appServicePlanSku
    instanceCount: instanceCount
    zoneRedundant: zoneRedundant
    appSubnetId: network.outputs.appSubnetId
    customHostName: customHostName
    keyVaultName: keyVault.outputs.vaultName
    appCredentialUri: keyVault.outputs.appCredentialUri
    databaseUrlUri: keyVault.outputs.databaseUrlUri
    auditSigningKeyName: keyVault.outputs.auditSigningKeyName
    auditSigningKeyUri: keyVault.outputs.auditSigningKeyUri
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    microsoftAppId: microsoftAppId
    allowedTenants: allowedTenants
    teamsAppId: teamsAppId
    planTeamId: planTeamId
    planChannelOnClose: planChannelOnClose
    defaultLocale: defaultLocale
    logLevel: logLevel
    orgConfigFile: orgConfigFile
    auditAnchorUrl: 'https://${auditAnchorAccount}.blob.${environment().suffixes.storage}/'
  }
}

// The audit log's anchor store: append blobs under a WORM policy (decision 0007). The account name is
// fixed here so the app's settings can name it without waiting for this module (which needs the app's identity).
var auditAnchorAccount = take('${replace(prefix, '-', '')}anchor${uniqueString(resourceGroup().id)}', 24)

module auditAnchor 'modules/audit-anchor.bicep' = {
  name: 'audit-anchor'
  params: {
    location: location
    tags: tags
    accountName: auditAnchorAccount
    appPrincipalId: app.outputs.principalId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    namePrefix: prefix
    tags: tags
    microsoftAppId: microsoftAppId
    publicHost: app.outputs.publicHost
    skuName: botSku
  }
}

// The values the Teams app package needs (npm run package reads BASE_URL, MicrosoftAppId and TEAMS_APP_ID).
output BASE_URL string = 'https://${app.outputs.publicHost}'
output BASE_HOST string = app.outputs.publicHost
output MicrosoftAppId string = microsoftAppId
output BOT_ENDPOINT string = bot.outputs.endpoint
// For the Agents Toolkit's zip deploy and for operators.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.siteId
output WEB_APP_NAME string = app.outputs.siteName
output KEY_VAULT_NAME string = keyVault.outputs.vaultName
output POSTGRES_HOST string = postgres.outputs.fqdn
