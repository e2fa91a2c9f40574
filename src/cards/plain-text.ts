/**
 * Text from data is shown as text, never as Markdown. Teams renders Markdown in a TextBlock's text
 * and in a FactSet's facts, so `[x](https://…)` typed into a form would become a live link for the
 * other parties. A RichTextBlock's TextRuns are not interpreted.
 *
 * This runs once per template, before templating: every TextBlock and every fact that binds data
 * (any `${…}` other than the card's own texts, `${t.…}`) becomes a RichTextBlock with one TextRun
 * carrying the same styling; a FactSet with such a fact becomes rows of two RichTextBlocks. Templates
 * stay readable as authored, and no template can forget the rule. Texts we wrote (`t.…`) keep their
 * TextBlocks (and headings their `style`).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

const expression = /\$\{([^}]*)\}/g;

/** Does this template string bind anything other than our own texts? */
export function bindsData(text: Json | undefined): boolean {
  if (typeof text !== 'string') return false;
  return [...text.matchAll(expression)].some((m) => !(m[1] ?? '').trim().startsWith('t.'));
}

const runStyles = ['size', 'weight', 'color', 'isSubtle', 'fontType', 'italic', 'strikethrough', 'highlight'] as const;
const blockProps = [
  '$data',
  '$when',
  'id',
  'spacing',
  'separator',
  'horizontalAlignment',
  'isVisible',
  'height',
  'requires',
  'fallback',
] as const;

function pick(node: Node, keys: readonly string[]): Node {
  const out: Node = {};
  for (const k of keys) if (node[k] !== undefined) out[k] = node[k];
  return out;
}

function textRun(text: Json, style: Node = {}): Node {
  return { type: 'TextRun', text, ...style };
}

function richText(block: Node): Node {
  return {
    type: 'RichTextBlock',
    ...pick(block, blockProps),
    inlines: [textRun(block.text ?? '', pick(block, runStyles))],
  };
}

function factRow(fact: Node): Node {
  return {
    type: 'ColumnSet',
    ...pick(fact, ['$data', '$when']),
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 2,
        items: [{ type: 'RichTextBlock', inlines: [textRun(fact.title ?? '', { weight: 'Bolder' })] }],
      },
      { type: 'Column', width: 3, items: [{ type: 'RichTextBlock', inlines: [textRun(fact.value ?? '')] }] },
    ],
  };
}

function isNode(v: Json): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (!isNode(node)) return node;
  if (node.type === 'TextBlock' && bindsData(node.text)) return richText(node);
  if (
    node.type === 'FactSet' &&
    Array.isArray(node.facts) &&
    node.facts.some((f) => isNode(f) && (bindsData(f.title) || bindsData(f.value)))
  ) {
    return { type: 'Container', ...pick(node, blockProps), items: node.facts.filter(isNode).map(factRow) };
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) out[k] = convert(v);
  return out;
}

/** The template with every data-bound TextBlock and fact shown as plain text. */
export function plainTextTemplate<T>(template: T): T {
  return convert(template as Json) as T;
}
