// The audit log's anchor store (docs/decisions/0007): signed checkpoints of the audit log are
// appended to append blobs in one container under a time-based immutability (WORM) policy that
// allows protected append writes — blocks can be appended, nothing written can be changed or
// deleted until the retention has passed, not even by the account's owner once the policy is
// locked (lock it after the first deployment: docs/operations.md). No shared keys, no public
// access, TLS 1.2; the app writes with its managed identity (Storage Blob Data Contributor).

param location string
param tags object = {}

@description('Storage account name (globally unique, 3-24 lowercase letters and digits).')
param accountName string

@description('The container the app appends checkpoints to (AUDIT_ANCHOR_CONTAINER).')
param containerName string = 'audit-anchor'

@minValue(1)
@description('How long every anchored checkpoint is immutable, in days (default 10 years: longer than any audit log retention).')
param retentionDays int = 3650

@description('The web app managed identity principal id.')
param appPrincipalId string

// Storage Blob Data Contributor: read and append blobs, no account management.
var blobDataContributorRoleId = 'ba92f5b4-2d11-453e-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 30
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource worm 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: retentionDays
    allowProtectedAppendWrites: true
  }
}

resource appWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, appPrincipalId, blobDataContributorRoleId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output blobEndpoint string = account.properties.primaryEndpoints.blob
output containerName string = container.name
