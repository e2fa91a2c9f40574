/** "As another person" in the Agents Playground: the personas file with another current user. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  developmentPersonaNames,
  directoryPersona,
  playgroundPersonasAs,
  playgroundPersonasFile,
} from '../../scripts/playground-personas';

type Personas = { currentUser: { name: string }; users: { name: string }[]; personalChat: { id: string } };
const read = (file: string) => YAML.parse(fs.readFileSync(file, 'utf8')) as Personas;

/** Sara Lund of social services' consultation function, as the development directory gives her. */
const saraLund = {
  id: '29:dev-sara-lund',
  name: 'Sara Lund',
  aadObjectId: '6f1c2d3e-0008-4a5b-8c9d-000000000008',
  email: 'sara.lund@lunda.example',
  givenName: 'Sara',
  surname: 'Lund',
};

describe('playground personas: the Playground started as another person', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-personas-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('swaps a listed persona with the current user, so the file keeps its five other users', () => {
    const { file, currentUser } = playgroundPersonasAs('David Holm', dir);
    const copy = read(file);
    const original = read(playgroundPersonasFile);
    assert.equal(currentUser.aadObjectId, '6f1c2d3e-0004-4a5b-8c9d-000000000004');
    assert.equal(copy.currentUser.name, 'David Holm');
    assert.equal(copy.users.length, 5);
    assert.ok(copy.users.some((u) => u.name === 'Anna Lind'));
    assert.ok(!copy.users.some((u) => u.name === 'David Holm'));
    assert.deepEqual(copy.personalChat, original.personalChat);
  });

  it('the current user already: the file itself; an unknown name: an error naming who is there', () => {
    assert.equal(playgroundPersonasAs('Anna Lind', dir).file, playgroundPersonasFile);
    assert.throws(() => playgroundPersonasAs('Karin Ek', dir), /no persona "Karin Ek" \(it has Anna Lind, Bo Ek/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a persona the file does not list replaces the current user', () => {
    const lena = {
      id: '29:dev-lena-sjo',
      name: 'Lena Sjö',
      aadObjectId: '6f1c2d3e-0009-4a5b-8c9d-000000000009',
      email: 'lena.sjo@lunda.example',
      givenName: 'Lena',
      surname: 'Sjö',
    };
    const copy = read(playgroundPersonasAs(lena, dir).file);
    assert.equal(copy.currentUser.name, 'Lena Sjö');
    assert.deepEqual(
      copy.users.map((u) => u.name),
      read(playgroundPersonasFile).users.map((u) => u.name),
    );
  });

  it('personas to list take the places of the last other users, so the five stay five', () => {
    const original = read(playgroundPersonasFile).users.map((u) => u.name);
    const asDavid = read(playgroundPersonasAs('David Holm', dir, playgroundPersonasFile, { listing: [saraLund] }).file);
    assert.equal(asDavid.currentUser.name, 'David Holm');
    assert.equal(asDavid.users.length, 5);
    assert.equal(asDavid.users.at(-1)?.name, 'Sara Lund');
    assert.ok(asDavid.users.some((u) => u.name === 'Anna Lind'));
    // The file's own current user, with a persona listed: a copy (the file itself lists no Sara).
    const asAnna = playgroundPersonasAs('Anna Lind', dir, playgroundPersonasFile, { listing: [saraLund] });
    assert.notEqual(asAnna.file, playgroundPersonasFile);
    assert.deepEqual(
      read(asAnna.file).users.map((u) => u.name),
      [...original.slice(0, -1), 'Sara Lund'],
    );
  });

  it('npm run dev can be anyone of the development directory: Sara Lund, whom the file does not list, becomes the current user', () => {
    const sara = directoryPersona('Sara Lund');
    assert.deepEqual(sara, saraLund);
    const { file, currentUser } = playgroundPersonasAs(sara, dir);
    assert.equal(currentUser.name, 'Sara Lund');
    assert.equal(read(file).currentUser.name, 'Sara Lund');
    assert.equal(read(file).users.length, 5);
    // Someone the file lists is swapped in as before, found through the directory by name.
    const david = directoryPersona('David Holm');
    assert.ok(david);
    assert.equal(read(playgroundPersonasAs(david, dir).file).currentUser.name, 'David Holm');
    assert.equal(directoryPersona('Karin Ek'), null);
    assert.ok(developmentPersonaNames().includes('Sara Lund'));
  });
});
