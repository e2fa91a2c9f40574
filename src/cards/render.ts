/**
 * The one renderer: a JSON template from cards/ expanded with typed data. Handlers build data,
 * never card JSON. Templates are read once and cached; text bound from data renders as plain text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../config/project-root';
import { plainTextTemplate } from './plain-text';

export type AdaptiveCard = Readonly<Record<string, unknown>> & { readonly type: 'AdaptiveCard' };

/** A template name tied to the type of data it expects. */
export interface CardTemplate<T> {
  readonly name: string;
  /** Phantom field: carries T for the type checker only. */
  readonly __data?: T;
}

export function cardTemplate<T>(name: string): CardTemplate<T> {
  return { name };
}

export const cardsDir = path.join(projectRoot(), 'cards');
const cache = new Map<string, Template>();

function templateFor(name: string): Template {
  let t = cache.get(name);
  if (t === undefined) {
    // Data-bound text is shown as text, never as Markdown (plain-text.ts).
    t = new Template(
      plainTextTemplate(JSON.parse(fs.readFileSync(path.join(cardsDir, `${name}.json`), 'utf8')) as unknown),
    );
    cache.set(name, t);
  }
  return t;
}

export function render<T>(template: CardTemplate<T>, data: T): AdaptiveCard {
  const card = templateFor(template.name).expand({ $root: data }) as AdaptiveCard;
  return card;
}
