import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFieldCategories } from '../../src/config/field-categories';
import { loadWheels } from '../../src/config/load-wheels';
import { categoryCatalogue, commonCategories, sees } from '../../src/domain/disclosure';

describe('information categories (data and rule)', () => {
  const fields = loadFieldCategories();
  const catalogue = categoryCatalogue(loadWheels(), fields);

  it('the shipped field categories load; free text that may hold anything needs every category', () => {
    assert.equal(fields.plan.reason, 'all-categories');
    assert.equal(fields.plan.leadProfessional, 'case');
    assert.equal(fields.consultation.schoolYear, 'school-attendance-learning');
  });

  it('refuses an unknown category or a missing field, naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-fields-'));
    try {
      const file = path.join(dir, 'field-categories.json');
      fs.writeFileSync(file, JSON.stringify({ ...fields, plan: { ...fields.plan, goals: 'gossip' } }));
      assert.throws(
        () => loadFieldCategories(file),
        (e: Error) => e.message.includes(file) && /goals/.test(e.message),
      );
      fs.writeFileSync(file, JSON.stringify({ ...fields, followUp: undefined }));
      assert.throws(() => loadFieldCategories(file), /followUp/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an area's category is its wheel's; elsewhere the wheels' if they agree; an unknown area stays hidden", () => {
    assert.equal(catalogue.areaCategory('utveckling', 'behovskompassen'), 'school-attendance-learning');
    assert.equal(catalogue.areaCategory('larande', 'behovskompassen'), 'school-attendance-learning');
    assert.equal(catalogue.areaCategory('halsa', null), 'physical-mental-health');
    assert.equal(catalogue.areaCategory('no-such-area', 'shanarri'), 'all-categories');
  });

  it('sees: a category, `case` always, `all-categories` only with all six; the common part of views', () => {
    assert.equal(sees(['school-attendance-learning'], 'school-attendance-learning'), true);
    assert.equal(sees(['school-attendance-learning'], 'home-family'), false);
    assert.equal(sees(['school-attendance-learning'], 'case'), true);
    assert.equal(sees(['school-attendance-learning'], 'all-categories'), false);
    assert.equal(sees('all', 'all-categories'), true);
    assert.deepEqual(
      commonCategories(['all', ['home-family', 'school-attendance-learning'], ['school-attendance-learning']]),
      ['school-attendance-learning'],
    );
    assert.equal(commonCategories(['all', 'all']), 'all');
  });
});
