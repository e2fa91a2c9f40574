/**
 * The GIRFEC lenses as data: the shipped config/lenses.json loads (three triangle sides, four matrix
 * quadrants, Swedish and English), a broken file stops the start naming the file and the problem, the
 * field categories name only parts that exist, the form mapping keeps the lens's own ids and drops
 * empty texts, and the visibility rule filters each part by its category.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lensContentFrom } from '../../src/app/lens-input';
import { checkLensCategories, loadFieldCategories } from '../../src/config/field-categories';
import { loadLenses } from '../../src/config/load-wheels';
import { categoryCatalogue, disclosedLenses } from '../../src/domain/disclosure';
import { isDomainError } from '../../src/domain/errors';
import { lensFields, quadrantOf, type Lens, type MatrixLens } from '../../src/domain/lens';
import { loadWheels } from '../../src/config/load-wheels';

const shipped = loadLenses();
const byId = (id: string): Lens => {
  const lens = shipped.lenses.find((l) => l.id === id);
  assert.ok(lens, id);
  return lens;
};

function writeTemp(value: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-lenses-'));
  const file = path.join(dir, 'lenses.json');
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('GIRFEC lenses as data', () => {
  it('loads the shipped My World Triangle and Resilience Matrix in Swedish and English', () => {
    const triangle = byId('my-world-triangle');
    assert.equal(triangle.kind, 'triangle');
    assert.deepEqual(triangle.kind === 'triangle' && triangle.sides.map((s) => s.label.en), [
      'How I grow and develop',
      'What I need from the people who look after me',
      'My wider world',
    ]);
    const matrix = byId('resilience-matrix');
    assert.equal(matrix.kind, 'matrix');
    if (matrix.kind !== 'matrix') return;
    assert.equal(matrix.axes.y.high.sv, 'Resiliens');
    assert.equal(matrix.axes.x.low.en, 'Adversity');
    assert.equal(matrix.quadrants.length, 4);
  });

  it('stops on a broken lens file, naming the file and the problem', () => {
    const twoSides = clone(shipped);
    const t = twoSides.lenses[0];
    if (t?.kind === 'triangle') t.sides.pop();
    const file = writeTemp(twoSides);
    assert.throws(
      () => loadLenses(file),
      (e: Error) => e.message.includes(file) && /exactly 3 sides/.test(e.message),
    );

    const sameCorner = clone(shipped);
    const m = sameCorner.lenses[1];
    if (m?.kind === 'matrix' && m.quadrants[0] && m.quadrants[1]) m.quadrants[1].x = m.quadrants[0].x;
    if (m?.kind === 'matrix' && m.quadrants[0] && m.quadrants[1]) m.quadrants[1].y = m.quadrants[0].y;
    assert.throws(() => loadLenses(writeTemp(sameCorner)), /each corner/);

    const typo = clone(shipped) as unknown as { lenses: Record<string, unknown>[] };
    if (typo.lenses[0]) typo.lenses[0].nmae = typo.lenses[0].name;
    assert.throws(() => loadLenses(writeTemp(typo)), /nmae/);

    const noEnglish = clone(shipped);
    if (noEnglish.lenses[0]) noEnglish.lenses[0].name = { sv: 'Triangeln', en: ' ' };
    assert.throws(() => loadLenses(writeTemp(noEnglish)), /must not be empty/);
  });

  it('gives every shipped lens part a category and refuses a part that does not exist', () => {
    const fields = loadFieldCategories();
    assert.doesNotThrow(() => checkLensCategories(fields, shipped, 'field-categories.json'));
    assert.equal(fields.lenses?.['my-world-triangle']?.['how-i-grow'], 'physical-mental-health');
    assert.equal(fields.lenses?.['resilience-matrix']?.['notes'], 'home-family');
    const typo = { ...fields, lenses: { 'my-world-triangle': { 'how-i-grw': 'home-family' as const } } };
    assert.throws(() => checkLensCategories(typo, shipped, 'f.json'), /f\.json: lenses\.my-world-triangle\.how-i-grw/);
    const unknown = { ...fields, lenses: { 'my-world': {} } };
    assert.throws(() => checkLensCategories(unknown, shipped, 'f.json'), /no such lens/);
  });

  it("maps the form to the lens's own parts, dropping empty texts, refusing a foreign side or quadrant", () => {
    const triangle = byId('my-world-triangle');
    assert.deepEqual(
      lensContentFrom(triangle, {
        kind: 'triangle',
        sides: {
          'how-i-grow': { strengths: ' Läser ', worries: '' },
          'my-wider-world': { strengths: '', worries: ' ' },
        },
      }),
      { kind: 'triangle', sides: { 'how-i-grow': { strengths: 'Läser', worries: '' } } },
    );
    const invalidField = (field: string) => (e: unknown) => isDomainError(e) && e.field === field;
    assert.throws(
      () => lensContentFrom(triangle, { kind: 'triangle', sides: { skola: { strengths: 'x', worries: '' } } }),
      invalidField('my-world-triangle.skola'),
    );
    assert.throws(
      () => lensContentFrom(triangle, { kind: 'matrix', placement: null, notes: {} }),
      invalidField('my-world-triangle.kind'),
    );
    const matrix = byId('resilience-matrix');
    assert.throws(
      () => lensContentFrom(matrix, { kind: 'matrix', placement: { x: 3, y: 0 }, notes: {} }),
      invalidField('resilience-matrix.placement.x'),
    );
    assert.throws(
      () => lensContentFrom(matrix, { kind: 'matrix', placement: null, notes: { middle: 'x' } }),
      invalidField('resilience-matrix.notes.middle'),
    );
    assert.equal(quadrantOf(matrix as MatrixLens, { x: -2, y: 1 })?.id, 'resilience-adversity');
    assert.equal(quadrantOf(matrix as MatrixLens, { x: 0, y: 1 }), null);
  });

  it('names every text field for the anonymity guard', () => {
    assert.deepEqual(
      Object.keys(
        lensFields('my-world-triangle', {
          kind: 'triangle',
          sides: { 'how-i-grow': { strengths: 'a', worries: 'b' } },
        }),
      ),
      ['my-world-triangle.how-i-grow.strengths', 'my-world-triangle.how-i-grow.worries'],
    );
    assert.deepEqual(
      Object.keys(lensFields('resilience-matrix', { kind: 'matrix', placement: null, notes: { q: 'c' } })),
      ['resilience-matrix.notes.q'],
    );
  });

  it('filters each lens part by its category; a part with no category needs every category', () => {
    const catalogue = categoryCatalogue(loadWheels(), {
      ...loadFieldCategories(),
      lenses: { 'my-world-triangle': { 'what-i-need': 'home-family' } },
    });
    const stored = {
      chosen: ['my-world-triangle', 'resilience-matrix'],
      content: {
        'my-world-triangle': {
          kind: 'triangle' as const,
          sides: { 'how-i-grow': { strengths: 'a', worries: '' }, 'what-i-need': { strengths: 'b', worries: '' } },
        },
        'resilience-matrix': { kind: 'matrix' as const, placement: { x: 1, y: 1 }, notes: { q: 'c' } },
      },
      version: 2,
      updatedAt: null,
      updatedByName: null,
    };
    const seen = disclosedLenses({ seen: ['home-family'], catalogue, wheelId: null }, stored);
    assert.deepEqual(seen.chosen, stored.chosen, 'which lenses are used is about the case');
    assert.deepEqual(seen.content['my-world-triangle'], {
      kind: 'triangle',
      sides: { 'what-i-need': { strengths: 'b', worries: '' } },
    });
    assert.deepEqual(seen.content['resilience-matrix'], { kind: 'matrix', placement: null, notes: {} });
    assert.equal(disclosedLenses({ seen: 'all', catalogue, wheelId: null }, stored), stored);
  });
});
