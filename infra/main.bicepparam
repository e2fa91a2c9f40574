// Parameters for `az deployment group create --template-file infra/main.bicep --parameters infra/main.bicepparam`.
// Non-secret values are read from the environment so nothing tenant-specific is committed; the two
// secrets are read from the environment only (never write them into this file).
using './main.bicep'

param location = 'swedencentral'
param microsoftAppId = readEnvironmentVariable('MicrosoftAppId')
param microsoftAppPassword = readEnvironmentVariable('MICROSOFT_APP_PASSWORD')
param teamsAppId = readEnvironmentVariable('TEAMS_APP_ID')
param planTeamId = readEnvironmentVariable('PLAN_TEAM_ID', '')
param postgresAdminPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param instanceCount = 2
