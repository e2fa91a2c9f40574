/**
 * The anonymity guard on the tab API over real HTTP: saving an assessment of an anonymous
 * consultation with identifying data is a 422 carrying the text with only that part replaced (in the
 * caller's language) and stores nothing; possible names are a 422 until the caller confirms.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { systemClock } from '../../src/domain/ports';
import { persona } from '../support/personas';
import { freePort } from '../support/net';

const anna = persona('Anna Lind');

describe('tab API: the anonymity guard on an anonymous consultation', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tabanon-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
    );
    const kase = await repositoriesFor(app.db, anna, 'seed', systemClock).cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
    });
    caseId = kase.id;
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const save = (body: unknown, language = 'sv', id = caseId) =>
    fetch(`${app.url}/api/tab/cases/${id}/assessment`, {
      method: 'PUT',
      headers: {
        'x-samsyn-dev-persona': anna.objectId,
        'content-type': 'application/json',
        'accept-language': language,
      },
      body: JSON.stringify(body),
    });
  const area = (worries: string) => ({ level: 'some', strengths: 'Gillar bild', worries, childView: '' });

  it('refuses identifying data with the text redacted, keeping the rest, and stores nothing', async () => {
    const r = await save({
      version: 0,
      answers: { q1: 'Sover dåligt' },
      areas: { trygghet: area('Pappa nås på 073-987 65 43, bor på Björkvägen 7B.') },
    });
    assert.equal(r.status, 422);
    const body = (await r.json()) as {
      error: string;
      fields: string[];
      redacted: { answers: Record<string, string>; areas: Record<string, { worries: string; strengths: string }> };
    };
    assert.equal(body.error, 'IdentifyingData');
    assert.deepEqual(body.fields, ['areas.trygghet.worries']);
    assert.equal(
      body.redacted.areas.trygghet?.worries,
      'Pappa nås på [telefonnummer borttaget], bor på [adress borttagen].',
    );
    assert.equal(body.redacted.areas.trygghet?.strengths, 'Gillar bild');
    assert.equal(body.redacted.answers.q1, 'Sover dåligt');
    const stored =
      JSON.stringify((await app.db.query('SELECT * FROM assessment')).rows) +
      JSON.stringify((await app.db.query('SELECT * FROM audit_log')).rows);
    assert.ok(!stored.includes('987 65 43') && !stored.includes('Björkvägen'));

    const english = await save({ version: 0, answers: { q1: 'Call 073-987 65 43' }, areas: {} }, 'en');
    assert.equal(
      ((await english.json()) as { redacted: { answers: Record<string, string> } }).redacted.answers.q1,
      'Call [phone number removed]',
    );
  });

  it('asks to confirm possible names, then saves with the confirmation', async () => {
    const entry = { version: 0, answers: { q1: 'Enligt Wilma Strandberg har hen varit ledsen.' }, areas: {} };
    const asked = await save(entry);
    assert.equal(asked.status, 422);
    const body = (await asked.json()) as { error: string; words: string[]; fields: string[] };
    assert.deepEqual(
      [body.error, body.words, body.fields],
      ['NamesToConfirm', ['Wilma', 'Strandberg'], ['answers.q1']],
    );
    assert.equal((await app.db.query('SELECT * FROM assessment')).rows.length, 0);

    const confirmed = await save({ ...entry, confirmNames: true });
    assert.equal(confirmed.status, 200);
    const answers = (await app.db.query<{ answers: Record<string, string> }>('SELECT answers FROM assessment')).rows[0]
      ?.answers;
    assert.equal(answers?.q1, entry.answers.q1);
  });

  it('a group consultation: the worries and strengths per area for the group are guarded the same way', async () => {
    const group = await repositoriesFor(app.db, anna, 'seed', systemClock).cases.createCase({
      kind: 'anonymous',
      details: {
        worryAreas: ['trygghet'],
        observations: 'Oroligt efter rasterna',
        tried: '',
        group: { setting: 'preschool-group', sizeBand: '10-19', ageBand: '3-5' },
        groupActions: [],
      },
    });
    const refused = await save(
      { version: 0, answers: {}, areas: { trygghet: { ...area('Bråk i hallen'), strengths: 'Ring 073-987 65 43' } } },
      'sv',
      group.id,
    );
    assert.equal(refused.status, 422);
    assert.deepEqual(((await refused.json()) as { fields: string[] }).fields, ['areas.trygghet.strengths']);
    const saved = await save({ version: 0, answers: {}, areas: { trygghet: area('Bråk i hallen') } }, 'sv', group.id);
    assert.equal(saved.status, 200);
    const stored = await app.db.query<{ areas: Record<string, { worries: string }> }>(
      'SELECT areas FROM assessment WHERE case_id = $1',
      [group.id],
    );
    assert.equal(stored.rows[0]?.areas.trygghet?.worries, 'Bråk i hallen');
  });
});
