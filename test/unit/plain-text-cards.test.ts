/**
 * Text that users typed is shown as text in every card: Markdown such as `[x](https://…)` must not
 * become a live link. Every template is rendered from its fixtures with every data string (all but
 * the card's own texts, `t`) replaced by Markdown; that text may then appear only where Teams does
 * not interpret Markdown — a TextRun, an input's value or placeholder, a choice, an action's data.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cardTemplate, cardsDir, render } from '../../src/cards/render';
import { bindsData, plainTextTemplate } from '../../src/cards/plain-text';

const markdown = '[klicka här](https://evil.example/) **fet** _kursiv_';

function withMarkdown(value: unknown, key = ''): unknown {
  if (key === 't') return value;
  if (typeof value === 'string') return value === '' ? value : markdown;
  if (Array.isArray(value)) return value.map((v) => withMarkdown(v));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkdown(v, k)]));
  return value;
}

/** Every place in a card where Teams would render Markdown, with the text found there. */
function markdownPlaces(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') found.push(`${where} TextBlock: ${n.text}`);
    if (Array.isArray(n.facts))
      for (const f of n.facts as Record<string, unknown>[])
        found.push(`${where} Fact: ${String(f.title)} ${String(f.value)}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v, `${where}.${k}`);
  };
  walk(card, 'card');
  return found;
}

const fixtures = fs.readdirSync(cardsDir).filter((f) => f.endsWith('.fixture.json'));

describe('cards: text from data is never Markdown', () => {
  it('has fixtures for every template', () => {
    const templates = fs.readdirSync(cardsDir).filter((f) => f.endsWith('.json') && !f.includes('.fixture.'));
    for (const t of templates)
      assert.ok(
        fixtures.some((f) => f.startsWith(`${t.replace(/\.json$/, '')}.`)),
        `${t} has a fixture`,
      );
  });

  for (const file of fixtures) {
    const template = file.split('.')[0] ?? '';
    it(`${file}: Markdown in the data shows only as plain text`, () => {
      const data = withMarkdown(JSON.parse(fs.readFileSync(path.join(cardsDir, file), 'utf8')));
      const card = render(cardTemplate<unknown>(template), data);
      const leaks = markdownPlaces(card).filter((p) => p.includes(markdown));
      assert.deepEqual(leaks, []);
    });
  }

  it('converts a data-bound TextBlock and FactSet, and keeps the card’s own texts (and heading style) as they are', () => {
    const converted = plainTextTemplate({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '${t.title}', style: 'heading', wrap: true },
        {
          type: 'TextBlock',
          $when: "${message != ''}",
          text: '${message}',
          color: 'Good',
          weight: 'Bolder',
          wrap: true,
          spacing: 'Small',
        },
        { type: 'FactSet', facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }] },
      ],
    });
    assert.deepEqual(converted.body[0], { type: 'TextBlock', text: '${t.title}', style: 'heading', wrap: true });
    assert.deepEqual(converted.body[1], {
      type: 'RichTextBlock',
      $when: "${message != ''}",
      spacing: 'Small',
      inlines: [{ type: 'TextRun', text: '${message}', weight: 'Bolder', color: 'Good' }],
    });
    assert.equal((converted.body[2] as { type: string }).type, 'Container');
    assert.ok(bindsData('Hej ${name}') && !bindsData('${t.a} ${t.b}') && !bindsData('text'));
  });
});
