/**
 * One way to read, write, focus and describe the tab's form controls, whether Fluent
 * (<fluent-text-input>, <fluent-textarea>, <fluent-dropdown>) or native (the date inputs), so the
 * views and form-state.ts need not know which is which. Each control is found by its id on the
 * element the view created (the Fluent host); what the user types and focuses sits inside it.
 */

/** Every form control the tab builds, by its id. */
export const controlSelector =
  'input[id], textarea[id], select[id], fluent-text-input[id], fluent-textarea[id], fluent-dropdown[id]';

/** <fluent-textarea>: its textarea lives in its shadow root; until its first frame the value waits in a detached one. */
interface FluentTextArea extends HTMLElement {
  value: string;
  readonly controlEl?: HTMLTextAreaElement;
}

/** <fluent-text-input> and <fluent-dropdown>: `control` is the element that takes focus. */
interface WithControl extends HTMLElement {
  readonly control?: HTMLElement;
}

interface FluentOption extends HTMLElement {
  selected: boolean;
  readonly value: string;
}

const isTextArea = (el: Element): el is FluentTextArea => el.localName === 'fluent-textarea';
const isDropdown = (el: Element): boolean => el.localName === 'fluent-dropdown';
const optionsOf = (el: Element): FluentOption[] => [...el.querySelectorAll<FluentOption>('fluent-option')];

/**
 * <fluent-textarea> copies a value set before its first frame from a detached textarea once that
 * frame runs, overwriting anything set on the real one in between (e.g. text restored right after a
 * re-render). The value is kept there too until then, and read from there.
 */
function pendingOf(el: FluentTextArea): HTMLTextAreaElement | null {
  const pending = (el as unknown as { preConnectControlEl?: HTMLTextAreaElement | null }).preConnectControlEl;
  return pending ?? null;
}

/**
 * Keeps what is typed into a <fluent-textarea> before its first frame (e.g. right after a live
 * refresh re-rendered it) in its pending textarea too, so that frame does not put the old value back.
 */
export function keepEarlyTyping(el: HTMLElement): void {
  if (!isTextArea(el)) return;
  el.addEventListener('input', () => {
    const pending = pendingOf(el);
    const typed = el.controlEl?.value;
    if (pending && typed !== undefined) {
      pending.defaultValue = typed;
      pending.value = typed;
    }
  });
}

export function readValue(el: Element): string {
  if (isTextArea(el)) return (pendingOf(el) ?? el).value ?? '';
  // Read from the options, not the dropdown: a disabled dropdown reports no value.
  if (isDropdown(el)) return optionsOf(el).find((o) => o.selected)?.value ?? '';
  return (el as HTMLInputElement).value ?? '';
}

export function writeValue(el: Element, value: string): void {
  if (isTextArea(el)) {
    el.value = value;
    const pending = pendingOf(el);
    if (pending) {
      pending.defaultValue = value;
      pending.value = value;
    }
    return;
  }
  if (isDropdown(el)) {
    // The `selected` attribute too: a dropdown that has just rendered selects the options marked so
    // once its list is ready, which would undo a value restored right after the render.
    for (const o of optionsOf(el)) {
      o.toggleAttribute('selected', o.value === value);
      o.selected = o.value === value;
    }
    return;
  }
  (el as HTMLInputElement).value = value;
}

/** The element inside a control that has focus and carries the ARIA state (null until the Fluent control has rendered). */
export function innerControl(el: Element): HTMLElement | null {
  if (isTextArea(el)) return el.controlEl ?? null;
  if (el.localName === 'fluent-text-input' || isDropdown(el)) return (el as WithControl).control ?? null;
  return el as HTMLElement;
}

/** Runs after the Fluent controls rendered in this task have finished their first frame. */
export function afterRender(run: () => void): void {
  window.requestAnimationFrame(() => run());
}

/** Moves focus into a control (a dropdown's button appears in its first frame). */
export function focusControl(el: HTMLElement, options?: FocusOptions): void {
  const inner = innerControl(el);
  if (inner) inner.focus(options);
  else afterRender(() => innerControl(el)?.focus(options));
}

/** A dropdown whose list is open. */
export const isOpen = (el: Element): boolean => isDropdown(el) && (el as unknown as { open?: boolean }).open === true;

/** Opens a dropdown's list again once it has rendered (after a re-render replaced the open one). */
export function reopen(el: Element): void {
  afterRender(() => {
    const list = (el as unknown as { listbox?: HTMLElement }).listbox;
    if (list && !list.matches(':popover-open')) list.showPopover();
  });
}

/** The element holding the caret of a text control: a textarea, or a single-line text input (a date has none). */
function caretHolder(el: Element): HTMLTextAreaElement | HTMLInputElement | null {
  const inner = isTextArea(el) ? el.controlEl : el.localName === 'fluent-text-input' ? (el as WithControl).control : el;
  if (inner instanceof HTMLTextAreaElement) return inner;
  return inner instanceof HTMLInputElement && inner.type === 'text' ? inner : null;
}

/** The caret (or the selected text) in a text control, kept across a re-render. */
export function selectionOf(el: Element): readonly [number, number] | null {
  const holder = caretHolder(el);
  return holder && holder.selectionStart !== null && holder.selectionEnd !== null
    ? [holder.selectionStart, holder.selectionEnd]
    : null;
}

/**
 * Puts the caret back at once, so that typing before a re-rendered <fluent-textarea>'s first frame
 * goes in where the caret was; that frame puts the value in again, so the caret is set once more
 * then, unless the user typed in between: their caret is then where their typing left it, and the
 * range taken before it would put the next keystroke in the wrong place.
 */
export function setSelection(el: Element, range: readonly [number, number]): void {
  caretHolder(el)?.setSelectionRange(range[0], range[1]);
  if (!isTextArea(el) || !pendingOf(el)) return;
  const before = readValue(el);
  afterRender(() => {
    if (readValue(el) === before) caretHolder(el)?.setSelectionRange(range[0], range[1]);
  });
}

/**
 * Names and describes the element the user operates: the label, hint and error message sit beside
 * the Fluent host in the page. A dropdown's button is in the page, so ids reach it; the text input's
 * and textarea's own controls are in their shadow roots, which ids do not cross, so they get the
 * elements themselves (ARIA element reflection). The label of those two is slotted into the
 * component's own <label>.
 */
export function describeControl(el: HTMLElement, describedBy: readonly HTMLElement[], labelledBy?: HTMLElement): void {
  const apply = (): boolean => {
    const inner = innerControl(el);
    if (!inner) return false;
    if (inner.getRootNode() === document) {
      if (labelledBy) inner.setAttribute('aria-labelledby', labelledBy.id);
      // A combobox says whether it is expanded from the start (the dropdown sets it once opened).
      if (inner.getAttribute('role') === 'combobox' && !inner.hasAttribute('aria-expanded'))
        inner.setAttribute('aria-expanded', 'false');
      inner.setAttribute('aria-describedby', describedBy.map((d) => d.id).join(' '));
    } else {
      (inner as unknown as { ariaDescribedByElements: readonly Element[] }).ariaDescribedByElements = describedBy;
    }
    if (el.dataset.invalid === 'true') inner.setAttribute('aria-invalid', 'true');
    return true;
  };
  // The dropdown puts its button in after connecting (and again if its type changes).
  if (isDropdown(el)) new MutationObserver(() => apply()).observe(el, { childList: true });
  if (!apply()) afterRender(() => void apply());
}

/**
 * Enter on a closed <fluent-dropdown> opens its list and then, as the button's own activation
 * (a click) toggles it, closes it again at once. Enter keeps only the first: the list opens (and on
 * an open list Enter chooses, as before).
 */
export function enterOpensList(el: HTMLElement): void {
  el.addEventListener(
    'keydown',
    (ev) => {
      if (ev.key === 'Enter') ev.preventDefault();
    },
    { capture: true },
  );
}

/** Marks a control invalid (or valid again) for assistive technology, on the element the user operates. */
export function markInvalid(el: HTMLElement, invalid: boolean): void {
  if (invalid) el.dataset.invalid = 'true';
  else delete el.dataset.invalid;
  const inner = innerControl(el);
  if (!inner) return;
  if (invalid) inner.setAttribute('aria-invalid', 'true');
  else inner.removeAttribute('aria-invalid');
}
