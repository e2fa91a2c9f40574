/**
 * The resource-specific permissions in code (src/graph/rsc-permissions.ts, consented when the app is
 * installed in a meeting chat) are exactly the manifest template's: neither can change alone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chatConsentedPermissionSet, resourceSpecificPermissions } from '../../src/graph/rsc-permissions';

const manifestPath = path.resolve(__dirname, '..', '..', 'manifest', 'manifest.json');

describe('resource-specific permissions: code and manifest template agree', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    authorization?: { permissions?: { resourceSpecific?: unknown } };
  };

  it('the constant equals authorization.permissions.resourceSpecific of manifest/manifest.json', () => {
    const inManifest = manifest.authorization?.permissions?.resourceSpecific;
    assert.ok(
      Array.isArray(inManifest) && inManifest.length > 0,
      'the manifest template asks for resource-specific permissions',
    );
    assert.deepEqual(resourceSpecificPermissions, inManifest);
  });

  it('a chat installation consents to the chat-scoped ones, typed as Graph spells them', () => {
    assert.deepEqual(chatConsentedPermissionSet(), {
      resourceSpecificPermissions: resourceSpecificPermissions
        .filter((p) => p.name.endsWith('.Chat'))
        .map((p) => ({ permissionValue: p.name, permissionType: p.type.toLowerCase() })),
    });
    assert.deepEqual(
      chatConsentedPermissionSet([
        { name: 'ChatMessage.Read.Chat', type: 'Application' },
        { name: 'TeamSettings.Read.Group', type: 'Application' },
      ]),
      {
        resourceSpecificPermissions: [{ permissionValue: 'ChatMessage.Read.Chat', permissionType: 'application' }],
      },
    );
    assert.ok(
      chatConsentedPermissionSet().resourceSpecificPermissions.some(
        (p) => p.permissionValue === 'MeetingStage.Write.Chat' && p.permissionType === 'delegated',
      ),
    );
  });
});
