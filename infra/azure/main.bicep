// lakefs-backup on Azure: the Function App of functions-azure (Durable Functions orchestrations of the core's
// workflows), its runtime storage, the backup storage account, Key Vault for the lakeFS key pair, one user-assigned
// identity with the roles each part needs, Application Insights and an alert on failed orchestrations.
// Deploy with a resource-group deployment and one of the parameter files (see README.md).

targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'staging'
  'prod'
])
param environment string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Prefix of resource names (letters and digits, at most 10).')
@maxLength(10)
param namePrefix string = 'lfsbackup'

@description('The lakeFS API endpoint, e.g. https://lakefs.example.com/api/v1.')
param lakeFsEndpointUrl string

@description('Name of the backup storage account this deployment creates (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param backupAccountName string

@description('Replication of the backup account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param backupAccountSku string = 'Standard_GZRS'

@description('The container of the backup location.')
param backupContainerName string = 'lakefs-backup'

@description('The prefix of the backup location inside the container (no leading or trailing slash; may be empty).')
param backupPrefix string = 'lakefs'

@description('Version-level immutability of the backup account: Unlocked (on, can still be shortened or removed by an owner), Locked (on for good: cannot be shortened or removed), or Disabled.')
@allowed([
  'Unlocked'
  'Locked'
  'Disabled'
])
param immutabilityState string = 'Unlocked'

@description('Days every blob version of the backup account is kept immutable after it is written.')
@minValue(1)
param immutabilityDays int = 30

@description('Days deleted blobs and containers of the backup account can be undeleted.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 30

@description('Days after which run scratch and leases (<prefix>/_runs/) that no run removed are deleted by lifecycle management.')
@minValue(1)
param scratchExpirationDays int = 14

@description('Storage accounts holding lakeFS namespaces to back up: [{ resourceGroup, name }]. The identity gets Storage Blob Data Reader on each.')
param sourceAccounts array = []

@description('Storage accounts restores write into: [{ resourceGroup, name }]. The identity gets Storage Blob Data Contributor with a condition that denies every delete.')
param restoreTargetAccounts array = []

@description('Where restore drills put their temporary namespaces: { resourceGroup, name } of a storage account that is also in restoreTargetAccounts (the Function App\'s identity writes the restore there), or {} for no drills. Only the maintenance identity may delete there, and only under drillContainer/drillPrefix/.')
param drillAccount object = {}

@description('The container of drillAccount that holds drill namespaces.')
param drillContainer string = 'lakefs-backup-drills'

@description('The path under drillContainer that holds drill namespaces.')
param drillPrefix string = 'drills'

@description('NCRONTAB (six fields, UTC) of the scheduled backup of every repository (or of scheduledRepositories).')
param schedule string = '0 0 2 * * *'

@description('NCRONTAB (six fields, UTC) of the scheduled rolling deep verification of the scheduled repositories (every repository at the backup location when scheduledRepositories is empty).')
param rollingVerifySchedule string = '0 0 4 * * *'

@description('Rolling deep verification: each scheduled run reads back 1/t of the objects every repository\'s kept generations reference (t = this), so t runs read everything once (restic\'s check --read-data-subset); 0 turns the schedule off.')
@minValue(0)
@maxValue(10000)
param rollingVerifySubsets int = 7

@description('Comma-separated repositories the schedule backs up; empty for every repository.')
param scheduledRepositories string = ''

@description('Whether scheduled backups commit uncommitted changes first.')
param scheduledCommit bool = false

@description('Branch patterns (comma-separated, * as wildcard) whose lakeFS commits and merges start event-triggered backups through POST /api/webhook; empty for each repository\'s default branch (docs/event-backups.md).')
param eventBranches string = ''

@description('Recovery point objective in hours: the rpo alert fires when a repository at the backup location (or one of scheduledRepositories) has no successful backup younger than this. Checked every 15 minutes.')
@minValue(1)
param rpoWindowHours int = 26

@description('Copy activities run at once by one orchestration.')
@minValue(1)
param chunkConcurrency int = 8

@description('Copy chunks one orchestration history holds; larger fan-outs run in sub-orchestrations of this many.')
@minValue(1)
param fanOutBatch int = 100

@description('Most instances the Flex Consumption plan scales out to.')
@minValue(1)
param maximumInstanceCount int = 40

@description('Memory of one instance, in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('E-mail address told about failed orchestrations; empty for none (the alert still fires in the portal).')
param alertEmail string = ''

@description('Days Log Analytics keeps logs.')
@minValue(30)
param logRetentionDays int = 90

var base = '${namePrefix}-${environment}'
// storage account names: lowercase letters and digits only
var runtimeAccountName = take('${toLower(namePrefix)}${environment}rt${uniqueString(resourceGroup().id)}', 24)
var deploymentContainerName = 'app-package'
var taskHub = '${toLower(namePrefix)}${environment}'
var scratchPrefix = empty(backupPrefix) ? '_runs/' : '${backupPrefix}/_runs/'
var backupRoot = empty(backupPrefix) ? '' : '${backupPrefix}/'
var hasDrills = !empty(drillAccount)
var drillNamespace = hasDrills ? 'https://${drillAccount.name}.blob.${az.environment().suffixes.storage}/${drillContainer}/${drillPrefix}' : ''
var backupLocation = empty(backupPrefix) ? 'https://${backupAccountName}.blob.${az.environment().suffixes.storage}/${backupContainerName}' : 'https://${backupAccountName}.blob.${az.environment().suffixes.storage}/${backupContainerName}/${backupPrefix}'

// Built-in role definitions.
var roles = {
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Deletes (of blobs and of blob versions) only under the scratch prefix; everything else the role allows as is.
var deleteOnlyScratch = '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/deleteBlobVersion/action\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${scratchPrefix}\'))'
// No delete at all (restore targets).
var noDelete = '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/deleteBlobVersion/action\'})))'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${base}-id'
  location: location
}

// The maintenance identity: used only by the steps that delete beyond run scratch (prune's delete-unreferenced and
// remove-forgotten, a drill's clean-up; StepCatalog.deletesBeyondScratch). In the backup container it writes only
// under <prefix>/_runs/ (leases, scratch) and deletes only there and under <prefix>/<repository>/objects/, mutable/
// and generations/ (StringLike: a repository name cannot contain '/'); in the
// drill account it writes nothing and deletes only under drillContainer/drillPrefix/.
var deleteActions = '(!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/deleteBlobVersion/action\'}))'
var writeActions = '(!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\'}))'
var maintenanceOnBackup = '(${writeActions} OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${scratchPrefix}\')) AND (${deleteActions} OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${scratchPrefix}\') OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike \'${backupRoot}*/objects/*\') OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike \'${backupRoot}*/mutable/*\') OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike \'${backupRoot}*/generations/*\'))'
var maintenanceOnDrills = '${writeActions} AND (${deleteActions} OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals \'${drillContainer}\' AND @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${drillPrefix}/\'))'

resource maintenanceIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${base}-maintenance-id'
  location: location
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${base}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${base}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource insightsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${base}-failures'
  location: 'global'
  properties: {
    groupShortName: take('lfsb${environment}', 12)
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Durable Functions' tracking events: an orchestration of this app that ended Failed.
resource failedOrchestrations 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${base}-failed-orchestrations'
  location: location
  properties: {
    displayName: 'lakefs-backup ${environment}: an orchestration failed'
    description: 'An orchestration (backup, backup-all, restore, prune, prune-all, drill, rolling-verify) of the lakefs-backup Function App ended Failed; a failed rolling-verify means an object of a kept generation is missing or differs from its recorded checksum. Its instance id is the correlation id of every log line of the run; see docs/runbook-azure.md.'
    severity: 1
    enabled: true
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    scopes: [
      insights.id
    ]
    criteria: {
      allOf: [
        {
          query: 'traces | where customDimensions.Category == "Host.Triggers.DurableTask" | where tostring(customDimensions["prop__functionType"]) == "Orchestrator" | where tostring(customDimensions["prop__state"]) == "Failed" | extend instance = tostring(customDimensions["prop__instanceId"]), orchestration = tostring(customDimensions["prop__functionName"])'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'orchestration'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// The recovery point objective: the rpo-check timer (every 15 minutes) records RepositoriesOverRpo; the alert fires
// when it is 1 or more, or when the check recorded nothing for 45 minutes (missing data counts as breaching).
resource rpoAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${base}-rpo'
  location: location
  properties: {
    displayName: 'lakefs-backup ${environment}: a repository has no backup within ${rpoWindowHours} hours'
    description: 'The rpo-check function found a repository at the backup location (or one of the scheduled repositories) whose newest successful backup is older than ${rpoWindowHours} hours or that was never backed up, or the check stopped reporting. Its warnings name the repositories; see docs/runbook-azure.md, "An RPO alert fired".'
    severity: 1
    enabled: true
    evaluationFrequency: 'PT15M'
    windowSize: 'PT45M'
    scopes: [
      insights.id
    ]
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "RepositoriesOverRpo" | summarize over = max(value) | extend over = iff(isnull(over), 1.0, over) | where over >= 1'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault: the lakeFS key pair (set by the operator, never through this template; see README.md)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // checkov:skip=CKV_AZURE_109: the Function App resolves its Key Vault references over the public endpoint (no VNet integration in this template); access is by Entra ID and RBAC only
  // checkov:skip=CKV_AZURE_189: as CKV_AZURE_109; put the vault behind a private endpoint together with VNet integration of the app
  name: take('${base}-kv-${uniqueString(resourceGroup().id)}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
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

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Function App's own storage: host state, Durable task hub (queues, tables, blobs), the deployment package.
// Identity-based connections only: shared keys are disabled.

resource runtime 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_35: Flex Consumption without VNet integration reaches its storage over the public endpoint; shared keys are disabled, access is by the identity only
  // checkov:skip=CKV_AZURE_59: as CKV_AZURE_35 (blob public access itself is disabled)
  // checkov:skip=CKV_AZURE_206: zone-redundant (ZRS); the task hub's state is not worth geo-replication: a lost region loses running orchestrations, which are started again
  // checkov:skip=CKV_AZURE_43: the name is an expression (prefix, environment, a hash) of lowercase letters and digits; checkov cannot evaluate it
  name: runtimeAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource runtimeBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: runtime
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: runtimeBlobs
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource runtimeBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(runtime.id, identity.id, roles.blobDataOwner)
  scope: runtime
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource runtimeQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(runtime.id, identity.id, roles.queueDataContributor)
  scope: runtime
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource runtimeTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(runtime.id, identity.id, roles.tableDataContributor)
  scope: runtime
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The backup storage account

resource backup 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_35: the functions (no VNet integration here) and lakeFS copy sources reach the account over its public endpoint; shared keys are disabled, access is by Entra ID and RBAC only
  // checkov:skip=CKV_AZURE_59: as CKV_AZURE_35 (blob public access itself is disabled)
  // checkov:skip=CKV_AZURE_43: the name is a parameter (3-24 characters); Azure itself refuses an invalid one
  name: backupAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: backupAccountSku
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    immutableStorageWithVersioning: immutabilityState == 'Disabled' ? null : {
      enabled: true
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: immutabilityDays
        state: immutabilityState
        allowProtectedAppendWrites: false
      }
    }
  }
}

resource backupBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: backup
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: backupBlobs
  name: backupContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Only run scratch and leases expire; backed-up objects, generations and restore records are never deleted by a rule.
resource backupLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: backup
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-run-scratch'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${backupContainerName}/${scratchPrefix}'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: scratchExpirationDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: scratchExpirationDays + 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

// Data contributor on the backup container only, deleting only under <prefix>/_runs/ (an RBAC condition).
resource backupWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(backupContainer.id, identity.id, roles.blobDataContributor)
  scope: backupContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    condition: deleteOnlyScratch
    conditionVersion: '2.0'
  }
}

resource backupMaintainer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(backupContainer.id, maintenanceIdentity.id, roles.blobDataContributor)
  scope: backupContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: maintenanceIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    condition: maintenanceOnBackup
    conditionVersion: '2.0'
  }
}

module drillCleaner 'modules/storage-role.bicep' = if (hasDrills) {
  name: '${base}-drill-cleaner'
  scope: resourceGroup(hasDrills ? drillAccount.resourceGroup : resourceGroup().name)
  params: {
    accountName: hasDrills ? drillAccount.name : 'unused'
    roleDefinitionId: roles.blobDataContributor
    principalId: maintenanceIdentity.properties.principalId
    condition: maintenanceOnDrills
  }
}

module sourceReaders 'modules/storage-role.bicep' = [for (source, i) in sourceAccounts: {
  name: '${base}-source-reader-${i}'
  scope: resourceGroup(source.resourceGroup)
  params: {
    accountName: source.name
    roleDefinitionId: roles.blobDataReader
    principalId: identity.properties.principalId
  }
}]

module restoreWriters 'modules/storage-role.bicep' = [for (target, i) in restoreTargetAccounts: {
  name: '${base}-restore-writer-${i}'
  scope: resourceGroup(target.resourceGroup)
  params: {
    accountName: target.name
    roleDefinitionId: roles.blobDataContributor
    principalId: identity.properties.principalId
    condition: noDelete
  }
}]

// ---------------------------------------------------------------------------------------------------------------
// The Function App: Flex Consumption (Linux, Java 17), no execution time limit of its own (host.json's
// functionTimeout, 2 hours, bounds an activity), deployment package read with the identity.

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  // checkov:skip=CKV_AZURE_225: zone redundancy of a Flex Consumption plan depends on the region; the workflows survive a lost instance (Durable replays them)
  name: '${base}-plan'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// Every app setting the functions read (AppSettingsTest in functions-azure checks this list against the code).
var appSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: runtime.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'DurableStorage__accountName'
    value: runtime.name
  }
  {
    name: 'DurableStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'DurableStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'LAKEFS_BACKUP_TASK_HUB'
    value: taskHub
  }
  {
    name: 'LAKECTL_SERVER_ENDPOINT_URL'
    value: lakeFsEndpointUrl
  }
  {
    name: 'LAKECTL_CREDENTIALS_ACCESS_KEY_ID'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=lakefs-access-key-id)'
  }
  {
    name: 'LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=lakefs-secret-access-key)'
  }
  {
    name: 'LAKEFS_BACKUP_LOCATION'
    value: backupLocation
  }
  {
    name: 'LAKEFS_BACKUP_SCHEDULE'
    value: schedule
  }
  {
    name: 'LAKEFS_BACKUP_SCHEDULED_REPOSITORIES'
    value: scheduledRepositories
  }
  {
    // the webhook's shared secret: put it into the vault as lakefs-backup-webhook-secret to turn POST /api/webhook on
    name: 'LAKEFS_BACKUP_WEBHOOK_SECRET'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=lakefs-backup-webhook-secret)'
  }
  {
    name: 'LAKEFS_BACKUP_EVENT_REPOSITORIES'
    value: empty(scheduledRepositories) ? '*' : scheduledRepositories
  }
  {
    name: 'LAKEFS_BACKUP_EVENT_BRANCHES'
    value: eventBranches
  }
  {
    name: 'LAKEFS_BACKUP_SCHEDULED_COMMIT'
    value: string(scheduledCommit)
  }
  {
    name: 'LAKEFS_BACKUP_RPO_WINDOW_HOURS'
    value: string(rpoWindowHours)
  }
  {
    name: 'LAKEFS_BACKUP_ROLLING_VERIFY_SCHEDULE'
    value: rollingVerifySchedule
  }
  {
    name: 'LAKEFS_BACKUP_ROLLING_VERIFY_SUBSETS'
    value: string(rollingVerifySubsets)
  }
  {
    name: 'LAKEFS_BACKUP_CHUNK_CONCURRENCY'
    value: string(chunkConcurrency)
  }
  {
    name: 'LAKEFS_BACKUP_FAN_OUT_BATCH'
    value: string(fanOutBatch)
  }
  {
    name: 'LAKEFS_BACKUP_MAINTENANCE_CLIENT_ID'
    value: maintenanceIdentity.properties.clientId
  }
  {
    name: 'LAKEFS_BACKUP_DRILL_NAMESPACE'
    value: drillNamespace
  }
]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_222: operators start restores through the HTTP starter, which requires a function key
  // checkov:skip=CKV_AZURE_17: callers authenticate with function keys, not client certificates
  // checkov:skip=CKV_AZURE_212: Flex Consumption scales from zero for scheduled and on-demand runs; Durable resumes orchestrations on any instance
  // checkov:skip=CKV_AZURE_213: no HTTP endpoint serves health; failed orchestrations raise the alert instead
  name: '${base}-func'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
      '${maintenanceIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${runtime.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
  dependsOn: [
    runtimeBlobOwner
    runtimeQueues
    runtimeTables
    vaultSecretsUser
  ]
}

output functionAppName string = app.name
output functionAppHost string = app.properties.defaultHostName
output backupLocation string = backupLocation
output keyVaultName string = vault.name
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output maintenanceIdentityClientId string = maintenanceIdentity.properties.clientId
output taskHub string = taskHub
