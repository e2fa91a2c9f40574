import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultQuestionsFile, defaultWheelsDir, loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { informationCategories } from '../../src/domain/consent';
import { areaById, orderedQuestions, safetyAreaIds, shanarriAreas, type Wheel } from '../../src/domain/wheel';

const expectedAreaCounts: Record<string, number> = {
  shanarri: 8,
  behovskompassen: 8,
  'barnets-basta-hjulet': 7,
};

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-wheels-'));
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

function area(id: string, shanarri: string, safety?: boolean, category = 'home-family'): Record<string, unknown> {
  return {
    id,
    label: { sv: `Område ${id}`, en: `Area ${id}` },
    description: { sv: `Beskrivning av ${id}.`, en: `Description of ${id}.` },
    shanarri,
    category,
    ...(safety === undefined ? {} : { safety }),
  };
}

function wheelJson(id: string): Record<string, unknown> {
  return {
    id,
    name: { sv: 'Må bra-hjulet', en: 'Feel-good wheel' },
    source: 'Test fixture',
    areas: [area('trygg', 'safe', true), area('halsa', 'healthy'), area('skola', 'achieving')],
  };
}

function loadedWheel(wheels: Map<string, Wheel>, id: string): Wheel {
  const wheel = wheels.get(id);
  assert.ok(wheel, `wheel ${id} is loaded`);
  return wheel;
}

describe('wellbeing wheels', () => {
  const wheels = loadWheels(defaultWheelsDir);

  it('loads the three shipped wheels with 8, 8 and 7 areas', () => {
    assert.deepEqual([...wheels.keys()].sort(), Object.keys(expectedAreaCounts).sort());
    for (const [id, count] of Object.entries(expectedAreaCounts)) {
      assert.equal(loadedWheel(wheels, id).areas.length, count, id);
    }
  });

  it('gives every area a Swedish and English label and description', () => {
    for (const wheel of wheels.values()) {
      for (const { id, label, description } of wheel.areas) {
        for (const text of [label.sv, label.en, description.sv, description.en]) {
          assert.ok(text.trim().length > 0, `${wheel.id}/${id}`);
        }
      }
    }
  });

  it('marks at least one safety area in every wheel, and only areas mapped to Safe', () => {
    for (const wheel of wheels.values()) {
      const safetyIds = safetyAreaIds(wheel);
      assert.ok(safetyIds.length > 0, wheel.id);
      for (const id of safetyIds) {
        assert.equal(areaById(wheel, id)?.shanarri, 'safe', `${wheel.id}/${id}`);
      }
    }
  });

  it('maps every area to a SHANARRI indicator, and SHANARRI to itself', () => {
    for (const wheel of wheels.values()) {
      for (const { id, shanarri } of wheel.areas) {
        assert.ok(shanarriAreas.includes(shanarri), `${wheel.id}/${id}`);
      }
    }
    const shanarri = loadedWheel(wheels, 'shanarri');
    assert.deepEqual(
      shanarri.areas.map((a) => a.shanarri),
      shanarri.areas.map((a) => a.id),
    );
  });

  it('gives every area one of the consent information categories (what a covered unit may see)', () => {
    for (const wheel of wheels.values()) {
      for (const { id, category } of wheel.areas) {
        assert.ok(informationCategories.includes(category), `${wheel.id}/${id}`);
      }
    }
    assert.equal(
      areaById(loadedWheel(wheels, 'behovskompassen'), 'utveckling')?.category,
      'school-attendance-learning',
    );
    assert.equal(areaById(loadedWheel(wheels, 'shanarri'), 'healthy')?.category, 'physical-mental-health');
  });

  it('defaults safety to false when a file leaves it out', () => {
    const behovskompassen = loadedWheel(wheels, 'behovskompassen');
    assert.equal(areaById(behovskompassen, 'fritid')?.safety, false);
    assert.deepEqual(safetyAreaIds(behovskompassen), ['trygghet']);
    assert.equal(areaById(behovskompassen, 'no-such-area'), undefined);
  });
});

describe('loading wheels from a folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a new wheel added as a JSON file, with no code change', () => {
    writeJson(dir, 'ma-bra-hjulet.json', wheelJson('ma-bra-hjulet'));
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not a wheel');

    const wheels = loadWheels(dir);

    assert.deepEqual([...wheels.keys()], ['ma-bra-hjulet']);
    const wheel = loadedWheel(wheels, 'ma-bra-hjulet');
    assert.deepEqual(safetyAreaIds(wheel), ['trygg']);
    assert.equal(areaById(wheel, 'skola')?.safety, false);
  });

  it('rejects a file with a missing English label and names the file', () => {
    const bad = wheelJson('broken');
    const areas = bad['areas'] as Record<string, unknown>[];
    areas[1] = { ...areas[1], label: { sv: 'Hälsa' } };
    const file = writeJson(dir, 'broken.json', bad);

    assert.throws(
      () => loadWheels(dir),
      (error: Error) => {
        assert.ok(error.message.includes(file), error.message);
        assert.match(error.message, /areas\[1\]\.label\.en/);
        return true;
      },
    );
  });

  it('rejects an unknown SHANARRI mapping, too few areas, duplicate area ids and unknown keys', () => {
    const badAreaLists: [string, Record<string, unknown>[], RegExp][] = [
      ['mapping', [area('a', 'happy'), area('b', 'safe'), area('c', 'active')], /shanarri/],
      ['too-few', [area('a', 'safe'), area('b', 'active')], /at least 3 areas/],
      ['dup-area', [area('a', 'safe'), area('a', 'active'), area('c', 'active')], /duplicate id "a"/],
      ['typo', [{ ...area('a', 'safe'), saftey: true }, area('b', 'active'), area('c', 'active')], /saftey/],
      ['category', [area('a', 'safe', true, 'gossip'), area('b', 'active'), area('c', 'active')], /category/],
      [
        'no-category',
        [{ ...area('a', 'safe'), category: undefined }, area('b', 'active'), area('c', 'active')],
        /category/,
      ],
    ];
    for (const [name, areas, expected] of badAreaLists) {
      const caseDir = fs.mkdtempSync(path.join(dir, `${name}-`));
      const file = writeJson(caseDir, `${name}.json`, { ...wheelJson(name), areas });
      assert.throws(
        () => loadWheels(caseDir),
        (error: Error) => {
          assert.ok(error.message.includes(file), error.message);
          assert.match(error.message, expected);
          return true;
        },
      );
    }
  });

  it('rejects two files with the same wheel id and names both files', () => {
    const first = writeJson(dir, 'a.json', wheelJson('same-id'));
    const second = writeJson(dir, 'b.json', wheelJson('same-id'));

    assert.throws(
      () => loadWheels(dir),
      (error: Error) => {
        assert.match(error.message, /duplicate wheel id "same-id"/);
        assert.ok(error.message.includes(first) && error.message.includes(second), error.message);
        return true;
      },
    );
  });

  it('reports a file that is not valid JSON by name', () => {
    const file = path.join(dir, 'half.json');
    fs.writeFileSync(file, '{ "id": ');
    assert.throws(
      () => loadWheels(dir),
      (error: Error) => error.message.startsWith(`${file}: not valid JSON`),
    );
  });

  it('refuses a folder without wheel files', () => {
    assert.throws(() => loadWheels(dir), /no wheel files/);
  });
});

describe('the five questions', () => {
  const questions = loadQuestions(defaultQuestionsFile);

  it('loads q1..q5 in the default order with Swedish and English text', () => {
    const ordered = orderedQuestions(questions);
    assert.deepEqual(
      ordered.map((q) => q.id),
      ['q1', 'q2', 'q3', 'q4', 'q5'],
    );
    assert.equal(ordered[0]?.text.sv, 'Vad står i vägen för barnets välbefinnande?');
    assert.equal(ordered[0]?.text.en, "What is getting in the way of this child's wellbeing?");
    for (const { id, text } of ordered) {
      assert.ok(text.sv.length > 0 && text.en.length > 0, id);
    }
  });

  it("returns Sörmland's order q2, q1, q3, q4, q5 when configured", () => {
    const ordered = orderedQuestions(questions, ['q2', 'q1', 'q3', 'q4', 'q5']);
    assert.deepEqual(
      ordered.map((q) => q.id),
      ['q2', 'q1', 'q3', 'q4', 'q5'],
    );
    assert.match(ordered[0]?.text.en ?? '', /all the information/);
  });

  it('throws a clear error when the order is not a permutation of the ids', () => {
    assert.throws(() => orderedQuestions(questions, ['q1', 'q2', 'q3', 'q4']), /missing question id\(s\): q5/);
    assert.throws(() => orderedQuestions(questions, ['q1', 'q1', 'q2', 'q3', 'q4', 'q5']), /more than once: q1/);
    assert.throws(() => orderedQuestions(questions, ['q1', 'q2', 'q3', 'q4', 'q6']), /unknown question id\(s\): q6/);
  });

  it('rejects a questions file whose default order is not a permutation, naming the file', () => {
    const dir = makeTempDir();
    try {
      const file = writeJson(dir, 'questions.json', { ...questions, defaultOrder: ['q2', 'q1'] });
      assert.throws(
        () => loadQuestions(file),
        (error: Error) => {
          assert.ok(error.message.includes(file), error.message);
          assert.match(error.message, /defaultOrder: missing question id\(s\): q3, q4, q5/);
          return true;
        },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('default config locations', () => {
  it('point into config/ at the project root', () => {
    const root = path.resolve(__dirname, '../..');
    assert.equal(defaultWheelsDir, path.join(root, 'config', 'wheels'));
    assert.equal(defaultQuestionsFile, path.join(root, 'config', 'questions.json'));
  });
});
