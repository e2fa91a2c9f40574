// Key Vault for the app's secrets. Access is by Azure RBAC only (no access policies); purge
// protection keeps a deleted secret recoverable for the retention period. The web app reads the
// secrets through Key Vault references with its managed identity (role assigned in app.bicep).

param location string
param tags object = {}

@description('Vault name (globally unique, 3-24 characters).')
param vaultName string

@secure()
@description('The Entra app\'s client secret (MicrosoftAppPassword).')
param microsoftAppPassword string

@secure()
@description('The PostgreSQL administrator password.')
param postgresPassword string

@description('PostgreSQL login, host and database name, to build the connection string.')
param postgresLogin string
param postgresHost string
param postgresDatabase string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: {
    value: microsoftAppPassword
    contentType: 'Entra client secret of the bot and SSO app'
  }
}

resource postgresPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-password'
  properties: {
    value: postgresPassword
    contentType: 'PostgreSQL administrator password'
  }
}

// verify-full: TLS with the server certificate checked against Node's public root store and the
// host name (Azure's server certificates chain to public roots). The password is URL-encoded.
resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'DATABASE-URL'
  properties: {
    value: 'postgresql://${uriComponent(postgresLogin)}:${uriComponent(postgresPassword)}@${postgresHost}:5432/${postgresDatabase}?sslmode=verify-full'
    contentType: 'PostgreSQL connection string'
  }
}

// The audit log's checkpoint signing key (decision 0007): EC P-256, signing only (ES256), not
// exportable — Key Vault signs each checkpoint's digest and the private key never leaves it. The app
// reaches it with its managed identity (Key Vault Crypto User on this key only, app.bicep).
resource auditSigningKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: vault
  name: 'audit-signing-key'
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
    attributes: {
      enabled: true
      exportable: false
    }
  }
}

output vaultName string = vault.name
output vaultId string = vault.id
output appCredentialUri string = appPasswordSecret.properties.secretUri
output databaseUrlUri string = databaseUrlSecret.properties.secretUri
output auditSigningKeyName string = auditSigningKey.name
// Without a version: the app signs with the version current at its start (src/storage/key-vault-signer.ts).
output auditSigningKeyUri string = auditSigningKey.properties.keyUri
