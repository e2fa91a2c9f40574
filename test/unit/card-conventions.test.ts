/**
 * Cards as Teams users expect (issue 16): every card template in cards/, rendered with every
 * fixture (test/support/card-fixtures.ts), shows at most five actions as buttons; the rest sit in
 * the overflow menu (`mode: "secondary"`, Adaptive Cards 1.5).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cardsDir } from '../../src/cards/render';
import { fixtures, isObject, objectsIn } from '../support/card-fixtures';

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
});
