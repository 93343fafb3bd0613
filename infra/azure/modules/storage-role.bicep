// One role assignment on a storage account (or one of its containers) in this module's resource group, for the
// Function App's identity: sources it reads, restore targets it writes. Deployed once per account.

@description('The storage account.')
param accountName string

@description('A container of the account to scope the assignment to; empty for the whole account.')
param containerName string = ''

@description('The role definition (GUID).')
param roleDefinitionId string

@description('The principal (object id) of the identity.')
param principalId string

@description('An Azure RBAC condition (version 2.0), or empty for none.')
param condition string = ''

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: accountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = if (!empty(containerName)) {
  parent: blobService
  name: empty(containerName) ? 'unused' : containerName
}

resource onAccount 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (empty(containerName)) {
  name: guid(account.id, principalId, roleDefinitionId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
    condition: empty(condition) ? null : condition
    conditionVersion: empty(condition) ? null : '2.0'
  }
}

resource onContainer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerName)) {
  name: guid(account.id, containerName, principalId, roleDefinitionId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
    condition: empty(condition) ? null : condition
    conditionVersion: empty(condition) ? null : '2.0'
  }
}
