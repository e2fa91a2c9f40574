// Azure Database for PostgreSQL Flexible Server with private access only: the server lives in a
// delegated subnet and is resolved through a private DNS zone; public network access is disabled,
// so there is no firewall rule to open. TLS is required for every connection.

param location string
param tags object = {}

@description('Server name (globally unique; becomes <name>.postgres.database.azure.com).')
param serverName string

@description('PostgreSQL major version.')
@allowed([
  '15'
  '16'
])
param postgresVersion string = '16'

@description('Administrator login used by the app (the password is kept in Key Vault).')
param administratorLogin string

@secure()
@description('Administrator password.')
param administratorPassword string

@description('Compute tier and size, e.g. GeneralPurpose / Standard_D2ds_v5, or Burstable / Standard_B2s for a pilot.')
param skuTier string = 'GeneralPurpose'
param skuName string = 'Standard_D2ds_v5'

@description('Storage size in GiB.')
param storageSizeGB int = 64

@description('ZoneRedundant keeps a standby in another availability zone; Disabled for a pilot.')
@allowed([
  'Disabled'
  'ZoneRedundant'
  'SameZone'
])
param highAvailabilityMode string = 'ZoneRedundant'

@description('Point-in-time restore window in days.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 35

@description('Resource id of the subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string

@description('Resource id of the private DNS zone linked to the virtual network.')
param privateDnsZoneId string

@description('Name of the application database.')
param databaseName string = 'samsyn'

@description('Log Analytics workspace that receives the server\'s logs and metrics (diagnostic settings).')
param logAnalyticsWorkspaceId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    network: {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
  }
}

// Server parameters are changed one at a time (the service refuses concurrent changes).
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'ON'
    source: 'user-override'
  }
}

resource minTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [
    requireTls
  ]
}

// Server log lines without DETAIL: PostgreSQL's DETAIL repeats row values (e.g. the key of a
// violated unique constraint), which must not reach the log workspace.
resource terseErrors 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'log_error_verbosity'
  properties: {
    value: 'TERSE'
    source: 'user-override'
  }
  dependsOn: [
    minTls
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    terseErrors
  ]
}


// Server logs (terse, above), session data and metrics to Log Analytics. Not the Query Store
// categories: they are off on the server, and would hold query texts.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'PostgreSQLLogs'
        enabled: true
      }
      {
        category: 'PostgreSQLFlexSessions'
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

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
