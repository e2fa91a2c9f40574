/**
 * Text as a person would read it, for "this value is not in there" checks: random ids (UUIDs) removed,
 * since their hex digits hold short values such as an age band ("6-9") by chance at a hyphen.
 */
export function withoutIds(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '');
}
