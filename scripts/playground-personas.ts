/**
 * "As another person" in the Microsoft 365 Agents Playground. Its personas file
 * (playground/m365agentsplayground.yml) has exactly one current user and exactly five other users, and
 * the Playground shows only the current user's chats. To act as someone else it is started with a copy
 * of the file whose current user is that person: one of the file's users (swapped with the current
 * user, so the five stay five) or a persona the file does not list (replacing the current user).
 * Used by `npm run dev` (PLAYGROUND_AS) and the e2e harness.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const playgroundPersonasFile = path.resolve(__dirname, '..', 'playground', 'm365agentsplayground.yml');

/** A Playground user, in the personas file's shape (Teams user id `29:…`, Entra object id). */
export interface PlaygroundPersona {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email: string;
  readonly givenName: string;
  readonly surname: string;
}

interface PersonasFile {
  currentUser: PlaygroundPersona & { userPrincipleName?: string };
  users: (PlaygroundPersona & { userPrincipleName?: string })[];
  [key: string]: unknown;
}

/**
 * The personas file to start the Playground with so that `who` (a name in the file, or a persona) is
 * its current user: the file itself when it already is, else a copy written to `outDir`.
 * `listing`: personas the file does not list that the Playground should offer as other users (in its
 * people picker, say); each takes the place of the file's last other user, so the five stay five.
 */
export function playgroundPersonasAs(
  who: string | PlaygroundPersona,
  outDir: string,
  file: string = playgroundPersonasFile,
  options: { readonly listing?: readonly PlaygroundPersona[] } = {},
): { readonly file: string; readonly currentUser: PlaygroundPersona } {
  const parsed = YAML.parse(fs.readFileSync(file, 'utf8')) as PersonasFile;
  const name = typeof who === 'string' ? who : who.name;
  const listing = options.listing ?? [];
  if (parsed.currentUser.name === name && listing.length === 0) return { file, currentUser: parsed.currentUser };
  const listed = parsed.users.findIndex((u) => u.name === name);
  let currentUser: PlaygroundPersona;
  if (parsed.currentUser.name === name) {
    currentUser = parsed.currentUser;
  } else if (listed >= 0) {
    currentUser = parsed.users[listed] as PlaygroundPersona;
    parsed.users[listed] = parsed.currentUser;
  } else if (typeof who === 'string') {
    const names = [parsed.currentUser, ...parsed.users].map((u) => u.name).join(', ');
    throw new Error(`${path.basename(file)} has no persona "${who}" (it has ${names})`);
  } else {
    currentUser = who;
  }
  parsed.currentUser = { ...currentUser, userPrincipleName: currentUser.email };
  const extra = listing.filter((p) => p.name !== currentUser.name && !parsed.users.some((u) => u.name === p.name));
  if (extra.length > parsed.users.length) throw new Error(`at most ${parsed.users.length} personas can be listed`);
  extra.forEach((p, i) => (parsed.users[parsed.users.length - 1 - i] = { ...p, userPrincipleName: p.email }));
  fs.mkdirSync(outDir, { recursive: true });
  const copy = path.join(outDir, `m365agentsplayground.${currentUser.aadObjectId}.yml`);
  const header = `# Generated from ${path.basename(file)} with ${currentUser.name} as the current user. Do not edit.\n`;
  fs.writeFileSync(copy, header + YAML.stringify(parsed));
  return { file: copy, currentUser };
}

/** The development directory the Graph stand-in serves (tools/graph-standin/seed/directory.json). */
export const developmentDirectoryFile = path.resolve(
  __dirname,
  '..',
  'tools',
  'graph-standin',
  'seed',
  'directory.json',
);

/**
 * A person of the development directory as a Playground persona, for someone the personas file does
 * not list (Sara Lund of social services' consultation function, say): `npm run dev` can then be
 * started as anyone Samsyn knows. Teams user id `29:dev-<name>`, as the e2e tests' personas.
 */
export function directoryPersona(name: string, file: string = developmentDirectoryFile): PlaygroundPersona | null {
  const users = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as { users: { id: string; displayName: string; mail: string }[] }
  ).users;
  const user = users.find((u) => u.displayName === name);
  if (user === undefined) return null;
  const [givenName = name, ...rest] = name.split(' ');
  const slug = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-');
  return { id: `29:dev-${slug}`, name, aadObjectId: user.id, email: user.mail, givenName, surname: rest.join(' ') };
}

/** Everyone `npm run dev` can be started as: the personas file's users, then the rest of the directory. */
export function developmentPersonaNames(file: string = developmentDirectoryFile): string[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { users: { displayName: string }[] }).users.map(
    (u) => u.displayName,
  );
}
