/**
 * Fluent UI web components (v3) and the Teams themes. Only the components the tab uses are defined,
 * so esbuild leaves the rest out. The theme is Fluent's own Teams light, dark or high-contrast token
 * set (from @fluentui/tokens), set as CSS custom properties on the document; styles.css uses those
 * tokens, so the few native elements left (date inputs, fieldsets) and Fluent components share one theme.
 */
import '@fluentui/web-components/accordion/define.js';
import '@fluentui/web-components/accordion-item/define.js';
import '@fluentui/web-components/badge/define.js';
import '@fluentui/web-components/button/define.js';
import '@fluentui/web-components/dropdown/define.js';
import '@fluentui/web-components/link/define.js';
import '@fluentui/web-components/listbox/define.js';
import '@fluentui/web-components/message-bar/define.js';
import '@fluentui/web-components/option/define.js';
import '@fluentui/web-components/text-input/define.js';
import '@fluentui/web-components/textarea/define.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';

/** The components above, each defined (Fluent defines them a moment after loading). */
const used = [
  'accordion',
  'accordion-item',
  'badge',
  'button',
  'dropdown',
  'link',
  'listbox',
  'message-bar',
  'option',
  'text-input',
  'textarea',
];

/** Resolves once every component the tab uses is defined, so views build upgraded elements. */
export function fluentReady(): Promise<void> {
  return Promise.all(used.map((name) => customElements.whenDefined(`fluent-${name}`))).then(() => undefined);
}

export type TabTheme = 'light' | 'dark' | 'contrast';

/** Teams reports 'default', 'dark' or 'contrast' (app.getContext().app.theme and its change handler). */
export function themeOf(teamsTheme: string | undefined): TabTheme {
  return teamsTheme === 'dark' ? 'dark' : teamsTheme === 'contrast' ? 'contrast' : 'light';
}

export function applyTheme(teamsTheme: string | undefined): void {
  const theme = themeOf(teamsTheme);
  setTheme(theme === 'dark' ? teamsDarkTheme : theme === 'contrast' ? teamsHighContrastTheme : teamsLightTheme);
  document.documentElement.dataset.theme = theme;
}
