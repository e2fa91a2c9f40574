/** Labelled form controls: every control has a visible label, a stable id and its server value. */
import { h } from './dom';

interface FieldOptions {
  readonly multiline?: boolean;
  readonly type?: 'text' | 'date';
  readonly rows?: number;
  readonly hint?: string;
  readonly maxLength?: number;
  readonly disabled?: boolean;
}

export function textField(id: string, label: string, value: string, o: FieldOptions = {}): HTMLElement {
  const hintId = o.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const control = o.multiline
    ? h('textarea', {
        id,
        rows: o.rows ?? 3,
        maxlength: o.maxLength ?? 2000,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
        disabled: o.disabled,
      })
    : h('input', {
        id,
        type: o.type ?? 'text',
        maxlength: o.maxLength ?? 200,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
        disabled: o.disabled,
      });
  control.value = value;
  control.dataset.original = value;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    o.hint ? h('p', { id: hintId, class: 'hint' }, o.hint) : null,
    control,
    h('p', { id: errorId, class: 'error', hidden: true }),
  );
}

export function selectField(
  id: string,
  label: string,
  value: string,
  options: readonly { value: string; label: string }[],
  o: { disabled?: boolean; hint?: string } = {},
): HTMLElement {
  const hintId = o.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const control = h(
    'select',
    { id, disabled: o.disabled, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
    ...options.map((opt) => h('option', { value: opt.value }, opt.label)),
  );
  control.value = value;
  control.dataset.original = value;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    o.hint ? h('p', { id: hintId, class: 'hint' }, o.hint) : null,
    control,
    h('p', { id: errorId, class: 'error', hidden: true }),
  );
}

/** Shows (or clears) the message under a control and marks it invalid for assistive technology. */
export function setFieldError(id: string, message: string | null): void {
  const control = document.getElementById(id);
  const error = document.getElementById(`${id}-error`);
  if (!control || !error) return;
  error.textContent = message ?? '';
  error.hidden = message === null;
  if (message === null) control.removeAttribute('aria-invalid');
  else control.setAttribute('aria-invalid', 'true');
}

export function clearFieldErrors(root: ParentNode): void {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) setFieldError(el.id, null);
}

/** A status line under a form (role=status: read out when it changes). */
export function statusLine(id: string): HTMLElement {
  return h('p', { id, class: 'status', role: 'status' });
}

export function setStatus(id: string, message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = message;
  el.className = `status ${kind}`;
}

/**
 * A message bar (Fluent's pattern for a notice inside a view): an intent, a title and the text. Not a
 * live region, so that a re-render does not read it out again; announce it once when it first appears.
 */
export function messageBar(
  id: string,
  intent: 'warning' | 'info' | 'error' | 'success',
  title: string,
  text: string,
): HTMLElement {
  // <fluent-message-bar> is a live region (role status) by default; a note here (see above).
  const bar = document.createElement('fluent-message-bar');
  bar.id = id;
  bar.setAttribute('intent', intent);
  bar.setAttribute('layout', 'multiline');
  bar.setAttribute('role', 'note');
  bar.setAttribute('aria-labelledby', `${id}-title`);
  bar.append(h('strong', { id: `${id}-title`, class: 'title' }, title), ' ', h('span', { class: 'text' }, text));
  return bar;
}
