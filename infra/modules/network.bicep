// The virtual network: one subnet delegated to App Service (the web app's outbound VNet
// integration) and one delegated to PostgreSQL Flexible Server, plus the private DNS zone through
// which the app resolves the database's private address. The database gets no public endpoint.

param location string
param namePrefix string
param tags object = {}

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet for the App Service VNet integration (delegated to Microsoft.Web/serverFarms).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet for PostgreSQL Flexible Server (delegated to Microsoft.DBforPostgreSQL/flexibleServers).')
param postgresSubnetPrefix string = '10.40.2.0/24'

@description('Name of the PostgreSQL server; the private DNS zone is named after it.')
param postgresServerName string

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'app-service'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: postgresSubnetPrefix
          delegations: [
            {
              name: 'postgres-flexible'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

// A Flexible Server with private access needs a private DNS zone ending in
// .postgres.database.azure.com, linked to the virtual network the clients resolve from.
resource postgresDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: '${postgresServerName}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: postgresDnsZone
  name: '${namePrefix}-vnet-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'app')
output postgresSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'postgres')
// Consumers of these outputs wait for the whole module, so the zone is linked to the network
// before the database server is created in it.
output postgresDnsZoneId string = postgresDnsZone.id
