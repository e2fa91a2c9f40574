// The Azure Bot registration: the Entra app (single tenant) whose id the app runs with, its
// messaging endpoint on the web app, and the Microsoft Teams channel.

param namePrefix string
param tags object = {}

@description('The Entra application (client) id of the bot and SSO app.')
param microsoftAppId string

@description('Public host name of the web app (no scheme).')
param publicHost string

@description('Free (F0) for a pilot; S1 for production traffic.')
@allowed([
  'F0'
  'S1'
])
param skuName string = 'S1'

@description('Name shown for the bot in the Azure portal.')
param displayName string = 'Samsyn'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: skuName
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenant().tenantId
    disableLocalAuth: false
    isStreamingSupported: false
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output botName string = bot.name
output endpoint string = bot.properties.endpoint
