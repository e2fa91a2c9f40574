/**
 * Cards as Teams users expect (issue 16): every card template in cards/, rendered with every
 * fixture (test/support/card-fixtures.ts),
 *  - shows at most five actions as buttons; the rest sit in the overflow menu (`mode:
 *    "secondary"`, Adaptive Cards 1.5);
 *  - checks in the client what the server requires: every input the form's submit verb rejects
 *    when left empty is `isRequired` with an `errorMessage`, and no other input is. The server's
 *    requirements are read from the verb's declared schema (src/teams/routes.ts), run on the form
 *    submitted blank; the few a handler checks itself are listed below with where they are checked.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cardsDir, type AdaptiveCard } from '../../src/cards/render';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { translator } from '../../src/i18n';
import { cardVerbs } from '../../src/teams/routes';
import type { Turn } from '../../src/teams/turn';
import { fixtures, isObject, objectsIn, type JsonObject } from '../support/card-fixtures';
import { FakeClock, people } from '../support/world';

const maxVisibleActions = 5;

interface ActionRow {
  /** JSON pointer of the row's `actions` array. */
  readonly pointer: string;
  /** The card's own bar: its top-level actions or an ActionSet directly in its body (not in a list item). */
  readonly cardLevel: boolean;
  readonly visible: readonly string[];
}

function isSecondary(action: unknown): boolean {
  return isObject(action) && typeof action.mode === 'string' && action.mode.toLowerCase() === 'secondary';
}

function titleOf(action: unknown): string {
  return isObject(action) && typeof action.title === 'string' ? action.title : '(untitled)';
}

/** Every row of actions in a card: the card's (and each nested ShowCard's) `actions` and every ActionSet. */
function actionRows(card: unknown): ActionRow[] {
  const rows: ActionRow[] = [];
  for (const { pointer, object } of objectsIn(card)) {
    if ((object.type !== 'AdaptiveCard' && object.type !== 'ActionSet') || !Array.isArray(object.actions)) continue;
    const actions: readonly unknown[] = object.actions;
    rows.push({
      pointer: `${pointer}/actions`,
      cardLevel: pointer === '' || /^\/body\/\d+$/.test(pointer),
      visible: actions.filter((a) => !isSecondary(a)).map(titleOf),
    });
  }
  return rows;
}

/** Where the card shows more buttons than the rule allows (none when it keeps the rule). */
function actionProblems(card: unknown): string[] {
  const rows = actionRows(card);
  const problems = rows
    .filter((r) => r.visible.length > maxVisibleActions)
    .map((r) => `${r.pointer} shows ${r.visible.length} buttons: ${r.visible.join(', ')}`);
  const cardLevel = rows.filter((r) => r.cardLevel).flatMap((r) => r.visible);
  if (cardLevel.length > maxVisibleActions)
    problems.push(`the card shows ${cardLevel.length} buttons of its own: ${cardLevel.join(', ')}`);
  return problems;
}

const execute = (title: string, mode?: string): Record<string, unknown> => ({
  type: 'Action.Execute',
  title,
  verb: 'x',
  ...(mode ? { mode } : {}),
});

describe('cards as Teams users expect', () => {
  it('every template in cards/ is rendered here with at least one fixture', () => {
    const templates = fs
      .readdirSync(cardsDir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.fixture.json'))
      .map((f) => f.replace(/\.json$/, ''));
    const missing = templates.filter((name) => !fixtures.some((f) => f.template === name));
    assert.deepEqual(missing, []);
  });

  describe(`at most ${maxVisibleActions} visible actions; the rest in the overflow (mode: secondary)`, () => {
    it('counts a row of six primary buttons and a card whose rows add up to six (negative controls)', () => {
      const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => execute(t));
      assert.deepEqual(actionProblems({ type: 'AdaptiveCard', actions: six }), [
        '/actions shows 6 buttons: a, b, c, d, e, f',
        'the card shows 6 buttons of its own: a, b, c, d, e, f',
      ]);
      const split = {
        type: 'AdaptiveCard',
        body: [{ type: 'ActionSet', actions: six.slice(0, 3) }],
        actions: six.slice(3),
      };
      assert.deepEqual(actionProblems(split), ['the card shows 6 buttons of its own: d, e, f, a, b, c']);
      const overflow = { type: 'AdaptiveCard', actions: [...six.slice(0, 5), execute('f', 'Secondary')] };
      assert.deepEqual(actionProblems(overflow), []);
    });

    it('a row inside a list item (one per case, one per consent) is that item’s own', () => {
      const item = { type: 'Container', items: [{ type: 'ActionSet', actions: [execute('Öppna')] }] };
      const list = { type: 'AdaptiveCard', body: Array.from({ length: 8 }, () => item), actions: [execute('Ny')] };
      assert.deepEqual(actionProblems(list), []);
    });

    for (const f of fixtures) {
      it(`${f.file}`, () => {
        assert.deepEqual(actionProblems(f.render()), []);
      });
    }
  });

  describe('client-side validation: what the server requires is required on the card, with a message', () => {
    for (const f of fixtures) {
      const card = f.render();
      if (inputsOf(card).length === 0) continue;
      it(`${f.file}`, () => {
        const submit = submitVerbs[f.template];
        assert.ok(submit !== undefined, `cards/${f.template}.json has inputs: say which verb submits it (submitVerbs)`);
        const required = serverRequired(card, submit, f.template);
        const inputs = inputsOf(card);
        const problems: string[] = [];
        for (const input of inputs) {
          const id = String(input.id);
          const marked = input.isRequired === true;
          const message = typeof input.errorMessage === 'string' ? input.errorMessage.trim() : '';
          if (required.has(id) && !marked) problems.push(`${id}: the server requires it, the card does not`);
          if (required.has(id) && message === '') problems.push(`${id}: required without an errorMessage`);
          if (!required.has(id) && marked) problems.push(`${id}: required on the card, not by ${submit}`);
        }
        assert.deepEqual(problems, []);
      });
    }

    // A refusal keeps what was typed: every verb a form's inputs are sent to can show the form again.
    for (const f of fixtures) {
      const card = f.render();
      if (inputsOf(card).length === 0) continue;
      it(`${f.file}: every action that sends the inputs has a route that gives the form back (invalid)`, () => {
        const losing = [...objectsIn(card)]
          .map(({ object }) => object)
          .filter((a) => a.type === 'Action.Execute' && a.associatedInputs !== 'none')
          .map((a) => String(a.verb))
          // Switching the consultation's mode opens the other form with what was typed: nothing to refuse.
          .filter((verb) => cardVerbs.get(verb)?.invalid === undefined && verb !== 'consultation.open');
        assert.deepEqual(losing, []);
      });
    }

    // Teams checks every input on every action that sends inputs: a way out of the form must not.
    for (const f of fixtures) {
      const card = f.render();
      if (!inputsOf(card).some((i) => i.isRequired === true)) continue;
      it(`${f.file}: every button but the form's own can be pressed with the form unfinished`, () => {
        const blocked = [...objectsIn(card)]
          .map(({ object }) => object)
          .filter((a) => a.type === 'Action.Execute' && !formVerbs.includes(String(a.verb)))
          .filter((a) => a.associatedInputs !== 'none')
          .map((a) => `${String(a.title)} (${String(a.verb)})`);
        assert.deepEqual(blocked, [], 'these need "associatedInputs": "none"');
      });
    }
  });
});

describe('the wheel card is edited area by area', () => {
  for (const f of fixtures.filter((x) => x.template === 'wheel')) {
    it(`${f.file}: one area open at first (or those with a message), each opened by its own button`, () => {
      const card = f.render();
      const areas = [...objectsIn(card)].filter(({ object }) => /^area-/.test(String(object.id)));
      assert.ok(areas.length >= 7, 'an area container per wheel area');
      const toggled = new Set(
        [...objectsIn(card)]
          .filter(({ object }) => object.type === 'Action.ToggleVisibility')
          .flatMap(({ object }) => (Array.isArray(object.targetElements) ? object.targetElements.map(String) : [])),
      );
      const open: string[] = [];
      for (const { object } of areas) {
        const id = String(object.id);
        assert.ok(toggled.has(id), `${id} has a button that opens it`);
        const inputs = inputsOf(object as unknown as AdaptiveCard).map((i) => String(i.id));
        const areaId = id.slice('area-'.length);
        // Every part of every area stays in the card: a submit or a draft sends them all.
        assert.deepEqual(
          inputs,
          ['level', 'strengths', 'worries', 'childView'].map((p) => `${areaId}.${p}`),
        );
        if (object.isVisible !== false) open.push(areaId);
      }
      const data = fixtureData(f.file);
      const withMessage = data.areas.filter((a) => a.error !== '').map((a) => a.id);
      assert.deepEqual(open, withMessage.length > 0 ? withMessage : [data.areas[0]?.id]);
      const shown = inputsOf(card).filter(
        (i) => !String(i.id).includes('.') || open.includes(String(i.id).split('.')[0] ?? ''),
      );
      assert.ok(shown.length <= 4 * Math.max(1, withMessage.length) + 1, `${shown.length} inputs shown at first`);
    });
  }
});

function fixtureData(file: string): { areas: readonly { id: string; error: string }[] } {
  return JSON.parse(fs.readFileSync(`${cardsDir}/${file}`, 'utf8')) as { areas: { id: string; error: string }[] };
}

// ---------------------------------------------------------------------------------------------
// What the server requires
// ---------------------------------------------------------------------------------------------

/** The verb that submits each form (its declared schema says what is required). */
const submitVerbs: Readonly<Record<string, string>> = {
  'close-case': 'case.closeSubmit',
  consent: 'consent.submit',
  consult: 'consult.submit',
  consultation: 'consultation.submit',
  'five-questions': 'questions.submit',
  'group-actions': 'group.saveActions',
  'group-consultation': 'group.submit',
  'follow-up': 'followUp.record',
  handover: 'handover.offer',
  meeting: 'meeting.submit',
  outcome: 'outcome.submit',
  plan: 'plan.agree',
  'unit-choice': 'unit.choose',
  wheel: 'wheel.submit',
};

/**
 * The verbs that take what was typed in a form, so their buttons send the inputs. Adaptive Cards
 * have no way to send inputs unchecked (`associatedInputs` is "auto" or "none"), so saving a draft
 * or switching the consultation's mode also waits for the required fields: the alternative, sending
 * nothing, would lose what was typed.
 */
const formVerbs: readonly string[] = [
  'case.closeSubmit',
  'consent.submit',
  'consent.draft',
  'consult.submit',
  'consultation.submit',
  'consultation.draft',
  'consultation.open',
  'followUp.record',
  'group.saveActions',
  'group.submit',
  'handover.offer',
  'meeting.submit',
  'meeting.suggest',
  'outcome.submit',
  'unit.choose',
];

/**
 * Requirements a handler checks after the schema (the schema cannot know them), by template:
 * input id → where the server checks it.
 */
const handlerRequired: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // consent.submit: the child's identity, asked only when an anonymous case is being converted.
  consent: { childName: 'consent.submit (needsIdentity)', childBirth: 'consent.submit (needsIdentity)' },
  // followUp.record → recordFollowUp: every action of the plan gets a status.
  'follow-up': { '*.status': 'recordFollowUp' },
  // Not the plan: agreeing (plan.agree) needs a complete plan, but the same form's Spara (plan.save)
  // keeps an incomplete one, so none of its inputs is required; savePlan names what agreement lacks.
};

/**
 * What the schema rejects blank but the card cannot require, and why. Adaptive Cards validate
 * every input on every action that sends inputs, so an input is only required when every such
 * action needs it.
 */
const notRequirable: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Either an age band or a school year (the schema's refine names ageBand); isRequired cannot say "one of".
  consultation: { ageBand: 'one of ageBand and schoolYear' },
  // Either people or a consultation function (the schema's refine names consultees).
  consult: { consultees: 'one of consultees and consultationFunction' },
};

function inputsOf(card: AdaptiveCard): JsonObject[] {
  return [...objectsIn(card)]
    .map(({ object }) => object)
    .filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string');
}

/** A turn for a schema: the world, a clock, Swedish. Schemas read nothing else. */
function schemaTurn(): Turn {
  const turn: Pick<Turn, 'actor' | 'world' | 'clock' | 't' | 'locale'> = {
    actor: people.anna,
    world: { orgUnits: [], wheels: loadWheels(), questions: loadQuestions() },
    clock: new FakeClock(),
    t: translator('sv'),
    locale: 'sv',
  };
  return turn as Turn;
}

/** The input ids the submit verb rejects when the form is sent with every input left empty. */
function serverRequired(card: AdaptiveCard, verb: string, template: string): Set<string> {
  const route = cardVerbs.get(verb);
  assert.ok(route !== undefined, `${verb} has no route`);
  const submit = [...objectsIn(card)].find(({ object }) => object.type === 'Action.Execute' && object.verb === verb);
  assert.ok(submit !== undefined, `the card has no ${verb} action`);
  const blank: Record<string, string> = {};
  const inputs = inputsOf(card);
  for (const input of inputs) {
    // A toggle always sends one of its two values; it cannot be blank.
    blank[String(input.id)] = input.type === 'Input.Toggle' ? String(input.valueOff ?? 'false') : '';
  }
  Object.assign(blank, isObject(submit.object.data) ? submit.object.data : {});
  const parsed = route.schema(schemaTurn()).safeParse(blank);
  const required = new Set<string>();
  if (!parsed.success) for (const issue of parsed.error.issues) required.add(String(issue.path[0]));
  for (const field of Object.keys(notRequirable[template] ?? {})) required.delete(field);
  for (const pattern of Object.keys(handlerRequired[template] ?? {})) {
    for (const input of inputs) {
      const id = String(input.id);
      if (pattern === id || (pattern.startsWith('*') && id.endsWith(pattern.slice(1)))) required.add(id);
    }
  }
  return required;
}
