/**
 * Keeping what the user typed across a re-render: every control carries the server's value in
 * data-original; a control whose value differs is "dirty" and survives a refresh from the server,
 * as do focus, the caret and an open dropdown list. Controls are read and written through controls.ts (Fluent or native).
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
}

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
  return { dirty, focusId: el?.id ?? null, selection: el ? selectionOf(el) : null, open: el ? isOpen(el) : false };
}

export function restore(root: ParentNode, s: Snapshot): void {
  for (const c of controls(root)) {
    const value = s.dirty.get(c.id);
    if (value !== undefined) writeValue(c, value);
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

/** Any dirty control among those whose id starts with the prefix. */
export function anyDirty(root: ParentNode, prefix: string): boolean {
  return controls(root).some((c) => c.id.startsWith(prefix) && isDirty(c));
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
