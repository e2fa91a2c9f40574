/**
 * When the duty-to-report (orosanmälan) notice is shown: the one rule for the chat cards and the tab.
 * Kept free of imports so that the tab's bundle can use it as it is.
 */

/** Areas at the highest level, or in a safety area with any worry: the duty-to-report notice applies. */
export function areasNeedingReportNotice<
  C extends { readonly areas: Readonly<Record<string, { readonly level?: string | undefined }>> },
>(content: C, safetyAreaIds: readonly string[]): string[] {
  return Object.entries(content.areas)
    .filter(([id, view]) => view.level === 'significant' || (safetyAreaIds.includes(id) && view.level === 'some'))
    .map(([id]) => id);
}
