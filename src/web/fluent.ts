/**
 * Fluent UI web components (v3) and the Teams themes. Only the components the tab uses are defined,
 * so esbuild leaves the rest out. The theme is Fluent's own Teams light, dark or high-contrast token
 * set (from @fluentui/tokens), set as CSS custom properties on the document; styles.css uses those
 * tokens, so native controls and Fluent components share one theme.
 */
import '@fluentui/web-components/button/define.js';
import '@fluentui/web-components/message-bar/define.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';

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
