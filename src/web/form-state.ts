/**
 * Keeping what the user typed across a re-render: every control carries the server's value in
 * data-original; a control whose value differs is "dirty" and survives a refresh from the server,
 * as do focus, the caret, an open dropdown list and what the status lines say (e.g. "Saved.").
 * Controls are read and written through controls.ts (Fluent or native).
 */
import {
  controlSelector,
  focusControl,
  isOpen,
  readValue,
  reopen,
  selectionOf,
  setSelection,
  writeValue,
} from './controls';

export interface Snapshot {
  readonly dirty: ReadonlyMap<string, string>;
  readonly focusId: string | null;
  readonly selection: readonly [number, number] | null;
  /** The focused dropdown's list was open (the user was choosing). */
  readonly open: boolean;
  /** The status lines with something to say: their text and class. */
  readonly statuses: ReadonlyMap<string, readonly [string, string]>;
}

const statusSelector = 'p[role="status"][id]';

function controls(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(controlSelector)];
}

export const isDirty = (c: HTMLElement): boolean => readValue(c) !== (c.dataset.original ?? '');

/** The element with focus: a control by the id the view gave it (also when focus is on a dropdown's button), or a button. */
function focused(root: ParentNode): HTMLElement | null {
  const active = document.activeElement;
  if (!active) return null;
  const el = active.closest(controlSelector) ?? active;
  return el instanceof HTMLElement && root.contains(el) && el.id ? el : null;
}

export function snapshot(root: ParentNode): Snapshot {
  const dirty = new Map<string, string>();
  for (const c of controls(root)) if (isDirty(c)) dirty.set(c.id, readValue(c));
  const el = focused(root);
  const statuses = new Map<string, readonly [string, string]>();
  for (const line of root.querySelectorAll<HTMLElement>(statusSelector))
    if (line.textContent) statuses.set(line.id, [line.textContent, line.className]);
  return {
    dirty,
    focusId: el?.id ?? null,
    selection: el ? selectionOf(el) : null,
    open: el ? isOpen(el) : false,
    statuses,
  };
}

export function restore(root: ParentNode, s: Snapshot): void {
  for (const c of controls(root)) {
    const value = s.dirty.get(c.id);
    if (value !== undefined) writeValue(c, value);
  }
  // In the same task as the render: a status line that comes back saying the same is not read out again.
  for (const line of root.querySelectorAll<HTMLElement>(statusSelector)) {
    const said = s.statuses.get(line.id);
    if (said && !line.textContent) [line.textContent, line.className] = said;
  }
  if (s.focusId) {
    const el = document.getElementById(s.focusId);
    if (el) {
      focusControl(el, { preventScroll: true });
      if (s.selection) setSelection(el, s.selection);
      if (s.open) reopen(el);
    }
  }
}

/** The dirty controls among those whose id starts with the prefix, by id. */
export function dirtyValues(root: ParentNode, prefix: string): Record<string, string> {
  return Object.fromEntries(
    controls(root)
      .filter((c) => c.id.startsWith(prefix) && isDirty(c))
      .map((c) => [c.id, readValue(c)]),
  );
}

export function valueOf(id: string): string {
  const el = document.getElementById(id);
  return el ? readValue(el) : '';
}

export function setValue(id: string, value: string, asOriginal: boolean): void {
  const el = document.getElementById(id);
  if (!el) return;
  writeValue(el, value);
  if (asOriginal) el.dataset.original = value;
}
