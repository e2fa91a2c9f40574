// Log Analytics workspace and a workspace-based Application Insights component. The app exports
// OpenTelemetry traces and metrics to it when APPLICATIONINSIGHTS_CONNECTION_STRING is set.

@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param namePrefix string

@description('Days the workspace keeps logs.')
@minValue(30)
param retentionInDays int = 90

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-appi'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

output workspaceId string = workspace.id
output appInsightsConnectionString string = appInsights.properties.ConnectionString
