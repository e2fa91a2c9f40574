/**
 * Keeping what the user typed across a re-render: every control carries the server's value in
 * data-original; a control whose value differs is "dirty" and survives a refresh from the server,
 * as do focus and the caret.
 */
type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface Snapshot {
  readonly dirty: ReadonlyMap<string, string>;
  readonly focusId: string | null;
  readonly selection: readonly [number, number] | null;
}

function controls(root: ParentNode): Control[] {
  return [...root.querySelectorAll<Control>('input[id], textarea[id], select[id]')];
}

export const isDirty = (c: Control): boolean => c.value !== (c.dataset.original ?? '');

export function snapshot(root: ParentNode): Snapshot {
  const dirty = new Map<string, string>();
  for (const c of controls(root)) if (isDirty(c)) dirty.set(c.id, c.value);
  const active = document.activeElement as Control | null;
  const focusId = active && root.contains(active) && active.id ? active.id : null;
  const selection =
    active &&
    'selectionStart' in active &&
    typeof active.selectionStart === 'number' &&
    active instanceof HTMLTextAreaElement
      ? ([active.selectionStart, active.selectionEnd ?? active.selectionStart] as const)
      : null;
  return { dirty, focusId, selection };
}

export function restore(root: ParentNode, s: Snapshot): void {
  for (const c of controls(root)) {
    const value = s.dirty.get(c.id);
    if (value !== undefined) c.value = value;
  }
  if (s.focusId) {
    const el = document.getElementById(s.focusId) as Control | null;
    if (el) {
      el.focus({ preventScroll: true });
      if (s.selection && el instanceof HTMLTextAreaElement) el.setSelectionRange(s.selection[0], s.selection[1]);
    }
  }
}

/** Any dirty control among those whose id starts with the prefix. */
export function anyDirty(root: ParentNode, prefix: string): boolean {
  return controls(root).some((c) => c.id.startsWith(prefix) && isDirty(c));
}

export function valueOf(id: string): string {
  const el = document.getElementById(id) as Control | null;
  return el ? el.value : '';
}

export function setValue(id: string, value: string, asOriginal: boolean): void {
  const el = document.getElementById(id) as Control | null;
  if (!el) return;
  el.value = value;
  if (asOriginal) el.dataset.original = value;
}
