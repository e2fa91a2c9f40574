/**
 * The development directory (local mode without Graph): the same file the Graph stand-in serves —
 * fictional personas and the Entra groups config/organisations.json names per unit — read as the
 * directory port, in-process. Never used with credentials: production reads Entra ID through Graph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DirectoryPort } from '../app/directory-port';
import type { DirectoryUser } from '../domain/directory';
import { projectRoot } from './project-root';

export const developmentDirectoryFile = path.join(projectRoot(), 'tools', 'graph-standin', 'seed', 'directory.json');

const fileSchema = z.object({
  users: z.array(
    z.object({
      id: z.string().min(1),
      displayName: z.string().min(1),
      mail: z.string().optional(),
      userPrincipalName: z.string().optional(),
      jobTitle: z.string().optional(),
    }),
  ),
  groups: z.array(z.object({ id: z.string().min(1), members: z.array(z.string()) })),
});

export function developmentDirectory(file: string = developmentDirectoryFile): DirectoryPort {
  const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: invalid development directory:\n${z.prettifyError(parsed.error)}`);
  const users = new Map<string, DirectoryUser>(
    parsed.data.users.map((u) => [
      u.id.toLowerCase(),
      {
        id: u.id,
        displayName: u.displayName,
        mail: u.mail ?? null,
        userPrincipalName: u.userPrincipalName ?? u.mail ?? null,
        jobTitle: u.jobTitle ?? null,
      },
    ]),
  );
  const groups = new Map(parsed.data.groups.map((g) => [g.id.toLowerCase(), g.members.map((m) => m.toLowerCase())]));
  const usersOf = (groupId: string, seen = new Set<string>()): DirectoryUser[] => {
    const key = groupId.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    return (groups.get(key) ?? []).flatMap((m) => {
      const user = users.get(m);
      return user ? [user] : groups.has(m) ? usersOf(m, seen) : [];
    });
  };
  return {
    async groupUsers(groupId) {
      if (!groups.has(groupId.toLowerCase())) throw new Error(`development directory: no group ${groupId}`);
      return [...new Map(usersOf(groupId).map((u) => [u.id, u])).values()];
    },
    async userGroupIds(userId) {
      return [...groups.keys()].filter((g) => usersOf(g).some((u) => u.id.toLowerCase() === userId.toLowerCase()));
    },
    async user(userId) {
      return users.get(userId.toLowerCase()) ?? null;
    },
  };
}
