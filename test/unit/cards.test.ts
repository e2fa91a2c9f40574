/**
 * The card templates in cards/ against their typed contracts (src/cards/contracts.ts), the
 * Adaptive Cards 1.5 schema, the Teams size limit, the routes table and the golden rule that an
 * action's `data` carries opaque ids only.
 *
 * The fixtures (cards/*.fixture.json) are registered, typed against their contracts, in
 * test/support/card-fixtures.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { cards } from '../../src/cards/contracts';
import { cardsDir, type AdaptiveCard } from '../../src/cards/render';
import { routedVerbs } from '../../src/teams/routes';
import { fixture, fixtures, isConsultationMode, isObject, objectsIn, type Fixture } from '../support/card-fixtures';
import consentFixture from '../../cards/consent.fixture.json';
import helpFixture from '../../cards/help.fixture.json';
import wheelFixture from '../../cards/wheel.fixture.json';

// ---------------------------------------------------------------------------------------------
// Type-level contract check
// ---------------------------------------------------------------------------------------------

// Compile-time proof that the helper rejects what it should; `tsc` fails if these stop erroring.
function typeLevelNegativeControls(): void {
  // @ts-expect-error a fixture missing a contract field (here `commands`) is a type error
  fixture(cards.help, 'missing-field', { t: helpFixture.t });
  const errorsWithoutPurpose = {
    childName: '',
    childBirth: '',
    guardians: '',
    childConsents: '',
    orgUnits: '',
    categories: '',
    validUntil: '',
  };
  // @ts-expect-error a missing field deep inside (a FieldMap key, here `purpose`) is a type error too
  fixture(cards.consent, 'missing-nested-field', { ...consentFixture, errors: errorsWithoutPurpose });
  // @ts-expect-error a fixture with a field the contract does not know is a type error
  fixture(cards.help, 'extra-field', { ...helpFixture, childName: 'x' });
  // @ts-expect-error a field of the wrong type is a type error
  fixture(cards.wheel, 'wrong-type', { ...wheelFixture, version: '2' });
}
void typeLevelNegativeControls;

// ---------------------------------------------------------------------------------------------
// Schema validation
// ---------------------------------------------------------------------------------------------

const schemaFile = path.join(__dirname, '..', 'contracts', 'adaptive-card-1.5.0.schema.json');
const maxCardBytes = 28 * 1024;
/**
 * The golden rule: an action's data holds opaque ids and versions, nothing else (`progress`: which
 * long operation a case card's refresh reports, one of a fixed few words).
 */
const allowedDataKeys: readonly string[] = [
  'caseId',
  'consentId',
  // The group consultation an individual one is opened from: its opaque case id ('' when none).
  'fromGroup',
  'handoverId',
  'meetingId',
  'mode',
  'progress',
  'requestId',
  'version',
];
const progressWords: readonly unknown[] = ['', 'meeting', 'plan'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/**
 * Pre-validation step: Teams-only extensions that the Adaptive Cards 1.5 schema does not describe
 * (its definitions have `additionalProperties: false`). Exactly these keys are removed from a
 * copy of the card before validation; anything else must pass the schema as published.
 *  - `msteams` on the card itself (full width, mention entities, ...);
 *  - `choices.data` on `Input.ChoiceSet`: Teams' dynamic type-ahead and people picker
 *    (`{ "type": "Data.Query", "dataset": "graph.microsoft.com/users" }`).
 */
const teamsOnlyKeys: Readonly<Record<string, readonly string[]>> = {
  AdaptiveCard: ['msteams'],
  'Input.ChoiceSet': ['choices.data'],
};

function withoutTeamsExtensions(card: unknown): unknown {
  const copy: unknown = structuredClone(card);
  for (const { pointer, object } of objectsIn(copy)) {
    const type = object.type;
    if (typeof type !== 'string') continue;
    // `AdaptiveCard` only at the root: a nested card (Action.ShowCard) cannot carry msteams.
    if (type === 'AdaptiveCard' && pointer !== '') continue;
    for (const key of teamsOnlyKeys[type] ?? []) delete (object as Record<string, unknown>)[key];
  }
  return copy;
}

interface CardValidator {
  readonly validate: ValidateFunction;
  /** A schema object of `definitions` → its name, to tell which definition an error comes from. */
  readonly definitionOf: ReadonlyMap<unknown, string>;
  /** Element type → the definitions it is made of (itself and, through `allOf`, what it extends). */
  readonly madeOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Definitions of a typed element (`properties.type.enum`) or a base of one (`Extendable.*`). */
  readonly elementParts: ReadonlySet<string>;
}

function loadValidator(): CardValidator {
  const published = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  // The published draft-06 schema names itself with the draft-04 keyword `id`, which Ajv 8 refuses
  // ("use $id"). In memory only, the same URI moves to `$id`; no validation keyword changes.
  const { id, ...rest } = published;
  assert.ok(typeof id === 'string' && !('$id' in rest), 'expected the schema to name itself with `id`');
  // `verbose` only adds the failing (sub)schema to each error, for describeErrors().
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  ajv.addMetaSchema(draft06MetaSchema);
  addFormats(ajv);
  const validate = ajv.compile({ $id: id, ...rest });

  const definitions = isObject(published.definitions) ? published.definitions : {};
  const definitionOf = new Map<unknown, string>(Object.entries(definitions).map(([name, def]) => [def, name]));
  const bases = (name: string): string[] => {
    const allOf =
      (definitions[name] as { readonly allOf?: readonly { readonly $ref?: string }[] } | undefined)?.allOf ?? [];
    return allOf.flatMap((s) => (s.$ref?.startsWith('#/definitions/') ? [s.$ref.slice('#/definitions/'.length)] : []));
  };
  const madeOf = new Map<string, ReadonlySet<string>>();
  for (const name of Object.keys(definitions)) {
    const seen = new Set<string>();
    const queue = [name];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...bases(next));
    }
    madeOf.set(name, seen);
  }
  const elementParts = new Set(
    Object.entries(definitions)
      .filter(
        ([name, def]) =>
          name.startsWith('Extendable.') ||
          (isObject(def) && isObject(def.properties) && isObject(def.properties.type)),
      )
      .map(([name]) => name),
  );
  return { validate, definitionOf, madeOf, elementParts };
}

const { validate, definitionOf, madeOf, elementParts } = loadValidator();

/** The `type` of the nearest element (object with a string `type`) at or above a JSON pointer. */
function elementTypeAt(card: unknown, pointer: string): string | undefined {
  const parts = pointer.split('/');
  for (let n = parts.length; n >= 1; n--) {
    const node = valueAt(card, parts.slice(0, n).join('/'));
    if (isObject(node) && typeof node.type === 'string') return node.type;
  }
  return undefined;
}

/**
 * Whether an error belongs to the element actually at its place. The schema lists every element
 * type in an `anyOf`, so a bad element also fails every other element's branch: an error raised by
 * a definition the element is not made of (e.g. ActionSet's `required: actions` on a TextBlock) is
 * noise. Errors about objects without a `type` (choices, facts) or from anonymous subschemas stay.
 */
function belongsToElement(card: unknown, e: ErrorObject): boolean {
  const typeProperty = e.instancePath.endsWith('/type');
  const at = typeProperty ? e.instancePath.slice(0, -'/type'.length) : e.instancePath;
  const node = valueAt(card, at);
  const actual = isObject(node) && typeof node.type === 'string' ? node.type : undefined;
  if (actual === undefined) return true;
  if (typeProperty && e.keyword === 'enum') {
    const allowed = isObject(e.parentSchema) ? e.parentSchema.enum : undefined;
    return !(Array.isArray(allowed) && allowed.length === 1 && allowed[0] !== actual);
  }
  const from = definitionOf.get(e.parentSchema);
  if (from === undefined) return true;
  return !elementParts.has(from) || (madeOf.get(actual)?.has(from) ?? false);
}

/**
 * Ajv's errors, readable: noise from other element types' branches is dropped (belongsToElement),
 * and so is an `anyOf` summary that more specific errors at or below its place explain; every
 * error is shown if the filtering would leave none.
 */
function describeErrors(card: unknown, errors: readonly ErrorObject[] | null | undefined): string {
  const all = errors ?? [];
  const relevant = all.filter((e) => belongsToElement(card, e));
  const specific = relevant.filter((e) => e.keyword !== 'anyOf');
  const explained = (e: ErrorObject): boolean =>
    specific.some((s) => s.instancePath === e.instancePath || s.instancePath.startsWith(`${e.instancePath}/`));
  const focused = relevant.filter((e) => e.keyword !== 'anyOf' || !explained(e));
  const shown = focused.length > 0 ? focused : all;
  const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
  const lines = shown.map((e) => {
    const where = e.instancePath === '' ? '(card)' : e.instancePath;
    const type = elementTypeAt(card, e.instancePath);
    const value = JSON.stringify(valueAt(card, e.instancePath)) ?? 'undefined';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${String(e.params.additionalProperty)}'`
        : e.keyword === 'anyOf' && type !== undefined && !madeOf.has(type)
          ? ` (the schema has no element type '${type}')`
          : '';
    return `  ${where}${type === undefined ? '' : ` [${type}]`}: ${clip(e.message ?? e.keyword)}${extra}; value ${clip(value)}`;
  });
  return [...new Set(lines)].join('\n');
}

function assertValidCard(card: unknown, label: string): void {
  const candidate = withoutTeamsExtensions(card);
  if (!validate(candidate)) {
    assert.fail(`${label} is not a valid Adaptive Card 1.5:\n${describeErrors(candidate, validate.errors)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Templates on disk
// ---------------------------------------------------------------------------------------------

const templateFiles = fs
  .readdirSync(cardsDir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.fixture.json'))
  .sort();
const fixtureFiles = fs
  .readdirSync(cardsDir)
  .filter((f) => f.endsWith('.fixture.json'))
  .sort();

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(cardsDir, file), 'utf8')) as unknown;
}

/** `verb` of every Action.Execute (including a card's refresh.action) with its JSON pointer. */
function executeActions(value: unknown): { readonly pointer: string; readonly verb: unknown }[] {
  return [...objectsIn(value)]
    .filter(({ object }) => object.type === 'Action.Execute')
    .map(({ pointer, object }) => ({ pointer, verb: object.verb }));
}

const rendered = new Map<string, AdaptiveCard>();
function renderedCard(f: Fixture): AdaptiveCard {
  let card = rendered.get(f.file);
  if (card === undefined) {
    card = f.render();
    rendered.set(f.file, card);
  }
  return card;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('card templates (cards/)', () => {
  describe('fixtures', () => {
    it('every template has a contract in `cards` and at least one fixture', () => {
      const contractNames = Object.values(cards)
        .map((c) => `${c.name}.json`)
        .sort();
      assert.deepEqual(
        templateFiles,
        contractNames,
        'templates in cards/ and entries of `cards` in contracts.ts differ',
      );
      for (const file of templateFiles) {
        const name = file.replace(/\.json$/, '');
        assert.ok(
          fixtures.some((f) => f.template === name),
          `cards/${file} has no fixture in this test`,
        );
      }
    });

    it('every fixture file in cards/ is checked here, and named after its template', () => {
      assert.deepEqual(
        fixtures.map((f) => f.file).sort(),
        fixtureFiles,
        'cards/*.fixture.json on disk and the fixtures registered in this test differ',
      );
      for (const f of fixtures) {
        assert.ok(f.file.startsWith(`${f.template}.`), `${f.file} is not named after its template ${f.template}`);
      }
    });
  });

  describe('the Adaptive Card 1.5 validator', () => {
    it('fails a card whose TextBlock has no text (negative control)', () => {
      const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] };
      assert.equal(validate(withoutTeamsExtensions(broken)), false);
      assert.match(describeErrors(broken, validate.errors), /required property 'text'/);
    });

    it('fails a card with an unknown element type (negative control)', () => {
      const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Slider', id: 'x' }] };
      assert.equal(validate(withoutTeamsExtensions(broken)), false);
      assert.match(describeErrors(broken, validate.errors), /no element type 'Input\.Slider'/);
    });

    it('fails an Action.Execute with a property the schema does not know (negative control)', () => {
      const broken = {
        type: 'AdaptiveCard',
        version: '1.5',
        actions: [{ type: 'Action.Execute', title: 'Skicka', verb: 'x.submit', caseData: {} }],
      };
      assert.equal(validate(withoutTeamsExtensions(broken)), false);
      assert.match(describeErrors(broken, validate.errors), /additional properties 'caseData'/);
    });

    it('accepts exactly the allow-listed Teams extensions, and only after the pre-validation step', () => {
      const teamsCard = {
        type: 'AdaptiveCard',
        version: '1.5',
        msteams: { width: 'Full' },
        body: [
          {
            type: 'Input.ChoiceSet',
            id: 'people',
            isMultiSelect: true,
            choices: [],
            'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
          },
        ],
      };
      assert.equal(validate(teamsCard), false, 'the published schema alone rejects msteams/choices.data');
      assertValidCard(teamsCard, 'a card with msteams and a people picker');
      const elsewhere = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', msteams: {} }] };
      assert.equal(validate(withoutTeamsExtensions(elsewhere)), false, 'msteams on an element is not allow-listed');
    });
  });

  describe('every fixture renders to a valid card', () => {
    for (const f of fixtures) {
      describe(f.file, () => {
        it('expands with nothing unresolved', () => {
          const json = JSON.stringify(renderedCard(f));
          const at = json.indexOf('${');
          assert.equal(at, -1, `unresolved binding in ${f.file}: …${json.slice(Math.max(0, at - 60), at + 60)}…`);
        });

        it('is a valid Adaptive Card 1.5', () => {
          assertValidCard(renderedCard(f), `cards/${f.template}.json with ${f.file}`);
        });

        it('has action data with opaque ids only (caseId, consentId, meetingId, mode, version)', () => {
          const card = renderedCard(f);
          for (const { pointer, object } of objectsIn(card)) {
            if (typeof object.type !== 'string' || !object.type.startsWith('Action.') || !('data' in object)) continue;
            const data = object.data;
            assert.ok(isObject(data), `${pointer}/data must be an object, got ${JSON.stringify(data)}`);
            for (const [key, value] of Object.entries(data)) {
              assert.ok(
                allowedDataKeys.includes(key),
                `${pointer}/data has '${key}'; only ${allowedDataKeys.join(', ')} are allowed`,
              );
              const where = `${pointer}/data/${key} = ${JSON.stringify(value)}`;
              if (key === 'caseId' || key === 'fromGroup')
                assert.ok(
                  value === '' || (typeof value === 'string' && uuid.test(value)),
                  `${where} is not an opaque id`,
                );
              if (key === 'consentId' || key === 'meetingId')
                assert.ok(
                  (typeof value === 'string' && uuid.test(value)) ||
                    // A case card's refresh that reports no meeting names none.
                    (key === 'meetingId' && value === '' && 'progress' in data && data.progress !== 'meeting'),
                  `${where} is not an opaque id`,
                );
              if (key === 'progress') assert.ok(progressWords.includes(value), `${where} is not a progress word`);
              if (key === 'mode')
                assert.ok(typeof value === 'string' && isConsultationMode(value), `${where} is not a mode`);
              if (key === 'version')
                assert.ok(Number.isInteger(Number(value)) && String(value).trim() !== '', `${where} is not a version`);
            }
          }
        });
      });
    }
  });

  describe('size', () => {
    it(`every rendered card is under ${maxCardBytes} bytes (28 KB)`, () => {
      const sizes = fixtures
        .map((f) => ({ file: f.file, bytes: Buffer.byteLength(JSON.stringify(renderedCard(f)), 'utf8') }))
        .sort((a, b) => b.bytes - a.bytes);
      const largest = sizes[0];
      assert.ok(largest !== undefined);
      console.log(`      largest card: ${largest.file}, ${largest.bytes} bytes (limit ${maxCardBytes})`);
      const tooBig = sizes.filter((s) => s.bytes >= maxCardBytes);
      assert.deepEqual(tooBig, [], 'cards at or over the Teams limit');
    });
  });

  describe('verbs', () => {
    const templateVerbs = new Map<string, string[]>();
    for (const file of templateFiles) {
      for (const { pointer, verb } of executeActions(readJson(file))) {
        const where = `cards/${file}#${pointer}`;
        if (typeof verb !== 'string' || verb === '') {
          templateVerbs.set('', [...(templateVerbs.get('') ?? []), where]);
        } else {
          templateVerbs.set(verb, [...(templateVerbs.get(verb) ?? []), where]);
        }
      }
    }

    it('every Action.Execute in a template has a verb', () => {
      assert.deepEqual(templateVerbs.get('') ?? [], [], 'Action.Execute without a verb');
      assert.ok(templateVerbs.size > 0, 'no verbs found: the walk is broken');
    });

    it('every verb in a template has a route', () => {
      const unrouted = [...templateVerbs.entries()]
        .filter(([verb]) => verb !== '' && !routedVerbs.includes(verb))
        .map(([verb, where]) => `${verb} (${where.join(', ')})`);
      assert.deepEqual(unrouted, [], 'verbs used in cards/ but missing from routedVerbs in src/teams/routes.ts');
    });

    it('no template puts anything but opaque ids in action data, even in parts a fixture hides', () => {
      for (const file of templateFiles) {
        for (const { pointer, object } of objectsIn(readJson(file))) {
          if (typeof object.type !== 'string' || !object.type.startsWith('Action.') || !isObject(object.data)) continue;
          const extra = Object.keys(object.data).filter((key) => !allowedDataKeys.includes(key));
          assert.deepEqual(extra, [], `cards/${file}#${pointer}/data`);
        }
      }
    });

    it('every routed verb is used by some template', () => {
      const unused = routedVerbs.filter((verb) => !templateVerbs.has(verb));
      assert.deepEqual(unused, [], 'verbs in routedVerbs that no template in cards/ uses');
    });
  });
});
