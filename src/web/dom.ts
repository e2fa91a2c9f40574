/**
 * A small element builder. Text always goes in as text nodes (never HTML), so nothing a user typed
 * can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | undefined | null | ((ev: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A Fluent UI web component (defined in fluent.ts), built like h(). */
export function fluent(
  tag: `fluent-${string}`,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * A Fluent button (<fluent-button>): appearance 'primary' for the main action, none for the others.
 * A button type unless told ('submit' in a form).
 */
export function fluentButton(attrs: Record<string, AttrValue>, ...children: Child[]): HTMLElement {
  return fluent('fluent-button', { type: 'button', ...attrs }, ...children);
}

const svgNs = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(svgNs, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Record<string, AttrValue>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's content. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let announceTimer: number | undefined;

/** Tells screen reader users what just happened (the page's one polite live region). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => (region.textContent = message), 50);
}

let ids = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${++ids}`;
