/**
 * The resource-specific (RSC) permissions the app asks for: exactly the manifest template's
 * `authorization.permissions.resourceSpecific` (manifest/manifest.json). Kept here as code so the
 * runtime never reads the template; test/unit/rsc-permissions.test.ts fails when the two differ.
 */

export interface ResourceSpecificPermission {
  readonly name: string;
  readonly type: 'Application' | 'Delegated';
}

export const resourceSpecificPermissions: readonly ResourceSpecificPermission[] = [
  { name: 'MeetingStage.Write.Chat', type: 'Delegated' },
  { name: 'ChannelMeetingStage.Write.Group', type: 'Delegated' },
];

/** Graph's teamsAppPermissionSet (the `consentedPermissionSet` of an installation). */
export interface TeamsAppPermissionSet {
  readonly resourceSpecificPermissions: readonly {
    readonly permissionValue: string;
    readonly permissionType: 'delegated' | 'application';
  }[];
}

/**
 * What installing the app in a chat consents to: the chat-scoped RSC permissions (`*.Chat`).
 * Graph's teamsAppResourceSpecificPermissionType values are `delegated` and `application`.
 */
export function chatConsentedPermissionSet(
  permissions: readonly ResourceSpecificPermission[] = resourceSpecificPermissions,
): TeamsAppPermissionSet {
  return {
    resourceSpecificPermissions: permissions
      .filter((p) => p.name.endsWith('.Chat'))
      .map((p) => ({ permissionValue: p.name, permissionType: p.type === 'Delegated' ? 'delegated' : 'application' })),
  };
}
