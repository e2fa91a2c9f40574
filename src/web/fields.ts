/**
 * Labelled form controls on Fluent UI web components: <fluent-text-input>, <fluent-textarea> and
 * <fluent-dropdown> (a date stays a native <input type="date">: Fluent v3 has no date input). Every
 * control has a visible label, a stable id (on the Fluent element), its server value in
 * data-original, and its hint and error message as its description (controls.ts).
 */
import { describeControl, enterOpensList, innerControl, keepEarlyTyping, markInvalid, writeValue } from './controls';
import { fluent, h } from './dom';

interface FieldOptions {
  readonly multiline?: boolean;
  readonly type?: 'text' | 'date';
  readonly rows?: number;
  readonly hint?: string;
  readonly maxLength?: number;
  readonly disabled?: boolean;
}

/** The label, the control, its hint and its (hidden until set) error message. */
function field(id: string, label: HTMLElement | null, control: HTMLElement, hint: string | undefined): HTMLElement {
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  const errorEl = h('p', { id: `${id}-error`, class: 'error', hidden: true });
  const wrapper = h('div', { class: 'field' }, label, hintEl, control, errorEl);
  describeControl(control, hintEl ? [hintEl, errorEl] : [errorEl], label ?? undefined);
  return wrapper;
}

export function textField(id: string, label: string, value: string, o: FieldOptions = {}): HTMLElement {
  const common = { id, disabled: o.disabled, 'data-original': value };
  if (o.type === 'date') {
    const describedBy = [o.hint ? `${id}-hint` : undefined, `${id}-error`].filter(Boolean).join(' ');
    const control = h('input', {
      ...common,
      type: 'date',
      maxlength: o.maxLength ?? 10,
      'aria-describedby': describedBy,
    });
    control.value = value;
    return field(id, h('label', { for: id }, label), control, o.hint);
  }
  // The label goes into the component's own <label> (its slot), which names the control inside it.
  const control = o.multiline
    ? fluent(
        'fluent-textarea',
        {
          ...common,
          maxlength: o.maxLength ?? 2000,
          block: true,
          resize: 'vertical',
          'auto-resize': true,
        },
        h('span', { slot: 'label', class: 'label' }, label),
      )
    : fluent('fluent-text-input', { ...common, maxlength: o.maxLength ?? 200 }, h('span', { class: 'label' }, label));
  // Through the CSSOM: the page's CSP allows no style attribute.
  if (o.multiline) {
    control.style.setProperty('--rows', String(o.rows ?? 3));
    keepEarlyTyping(control);
  }
  writeValue(control, value);
  return field(id, null, control, o.hint);
}

export function selectField(
  id: string,
  label: string,
  value: string,
  options: readonly { value: string; label: string }[],
  o: { disabled?: boolean; hint?: string } = {},
): HTMLElement {
  const control = fluent(
    'fluent-dropdown',
    { id, disabled: o.disabled, 'data-original': value },
    fluent(
      'fluent-listbox',
      {},
      ...options.map((opt) => fluent('fluent-option', { value: opt.value, selected: opt.value === value }, opt.label)),
    ),
  );
  enterOpensList(control);
  // The dropdown's button is named by this label; a click on it moves focus there, as with a native select.
  const labelEl = h('label', { id: `${id}-label`, onclick: () => innerControl(control)?.focus() }, label);
  return field(id, labelEl, control, o.hint);
}

/** Shows (or clears) the message under a control and marks it invalid for assistive technology. */
export function setFieldError(id: string, message: string | null): void {
  const control = document.getElementById(id);
  const error = document.getElementById(`${id}-error`);
  if (!control || !error) return;
  error.textContent = message ?? '';
  error.hidden = message === null;
  markInvalid(control, message !== null);
}

export function clearFieldErrors(root: ParentNode): void {
  for (const el of root.querySelectorAll('[data-invalid="true"]')) setFieldError(el.id, null);
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
