/**
 * aad.manifest.json, the Entra app that `aadApp/update` (m365agents.yml, m365agents.local.yml) applies:
 * the tab's single sign-on (Application ID URI, access_as_user, the Teams clients) as the server and
 * the Teams manifest expect it, and exactly the Microsoft Graph permissions docs/permissions.md
 * justifies. The Toolkit maps permission names to ids from its bundled list; two permissions newer than
 * that list are given by id (Microsoft Graph's appRoles; named in docs/permissions.md).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { appIdUriFor } from '../../src/http/sso-token';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface AadManifest {
  appId: string;
  displayName: string;
  signInAudience: string;
  identifierUris: string[];
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: 'Role' | 'Scope' }[] }[];
}

const manifest = JSON.parse(read('aad.manifest.json')) as AadManifest;
const scopeId = '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}';
const teamsClients = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];
/** Application permissions not in the Toolkit 1.1.17 list, by their id in Microsoft Graph. */
const graphRoleIds: Readonly<Record<string, string>> = {
  'b448d252-1f26-4227-b6ff-21ab510975a2': 'TeamsAppInstallation.ManageSelectedForTeam.All',
  'ba1ba90b-2d8f-487e-9f16-80728d85bb5c': 'TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All',
};
/** Justified in docs/permissions.md but deliberately not requested here. */
const notInEntra = {
  'Calendars.ReadWrite': 'granted through Exchange Online RBAC for Applications, scoped to the organisers',
  'Channel.Delete.All': 'only with PLAN_CHANNEL_ON_CLOSE=delete, instead of ChannelSettings.ReadWrite.All',
};

function documentedPermissions(): { Application: string[]; Delegated: string[] } {
  const rows = [...read('docs/permissions.md').matchAll(/^\| `([A-Za-z.]+)` \| (Application|Delegated)\b/gm)];
  return {
    Application: rows.filter((r) => r[2] === 'Application').map((r) => r[1] ?? ''),
    Delegated: rows.filter((r) => r[2] === 'Delegated').map((r) => r[1] ?? ''),
  };
}

describe('aad.manifest.json (the Entra app the Toolkit creates and updates)', () => {
  it('is the single-tenant app whose client id the Teams manifest and the server use', () => {
    assert.equal(manifest.appId, '${{AAD_APP_CLIENT_ID}}');
    assert.equal(manifest.signInAudience, 'AzureADMyOrg');
    assert.equal(manifest.api.requestedAccessTokenVersion, 2);
    for (const file of ['m365agents.yml', 'm365agents.local.yml']) {
      const create = (parse(read(file)) as { provision: { uses: string; with: { name: string } }[] }).provision.find(
        (s) => s.uses === 'aadApp/create',
      );
      assert.equal(create?.with.name, manifest.displayName, `${file}: aadApp/update would rename the app`);
    }
  });

  it('has the Application ID URI that the Teams manifest names and the server accepts as audience', () => {
    const teams = JSON.parse(read('manifest/manifest.json')) as {
      webApplicationInfo: { id: string; resource: string };
    };
    assert.equal(teams.webApplicationInfo.id, '${{MicrosoftAppId}}');
    assert.deepEqual(manifest.identifierUris, [
      teams.webApplicationInfo.resource.replace('${{MicrosoftAppId}}', '${{AAD_APP_CLIENT_ID}}'),
    ]);
    const filled = manifest.identifierUris[0]
      ?.replace('${{BASE_HOST}}', 'samsyn.kommun.se')
      .replace('${{AAD_APP_CLIENT_ID}}', teamsClients[0] ?? '');
    assert.equal(filled, appIdUriFor('https://samsyn.kommun.se', teamsClients[0] ?? ''));
  });

  it('exposes access_as_user and pre-authorises exactly the Teams desktop/mobile and web clients for it', () => {
    assert.deepEqual(
      manifest.api.oauth2PermissionScopes.map((s) => [s.value, s.type, s.isEnabled, s.id]),
      [['access_as_user', 'User', true, scopeId]],
    );
    assert.deepEqual(
      manifest.api.preAuthorizedApplications.map((a) => [a.appId, a.delegatedPermissionIds]),
      teamsClients.map((c) => [c, [scopeId]]),
    );
  });

  it('asks for exactly the Graph permissions docs/permissions.md justifies, and names the two given by id', () => {
    const graph = manifest.requiredResourceAccess.filter((r) => r.resourceAppId === 'Microsoft Graph');
    assert.equal(graph.length, 1);
    assert.equal(manifest.requiredResourceAccess.length, 1, 'no other API');
    const named = (type: 'Role' | 'Scope') =>
      (graph[0]?.resourceAccess ?? [])
        .filter((a) => a.type === type)
        .map((a) => graphRoleIds[a.id] ?? a.id)
        .sort();
    const docs = documentedPermissions();
    assert.ok(docs.Application.length >= 8, 'the table in docs/permissions.md was found');
    assert.deepEqual(named('Role'), docs.Application.filter((p) => !(p in notInEntra)).sort());
    assert.deepEqual(named('Scope'), docs.Delegated.sort());
    const permissionsDoc = read('docs/permissions.md');
    for (const [id, name] of Object.entries(graphRoleIds))
      assert.ok(permissionsDoc.includes(id) && permissionsDoc.includes(name), `${name} (${id}) in docs/permissions.md`);
    for (const name of Object.keys(notInEntra)) assert.ok(docs.Application.includes(name), name);
  });
});
