/**
 * What the database can store. PostgreSQL's text cannot hold NUL, and UTF-8 cannot encode a lone
 * surrogate; integer columns hold 32 bits. Input is checked against these before it reaches
 * storage, so the user gets their field named instead of a database error.
 */

/** Characters PostgreSQL text cannot hold: NUL and UTF-16 surrogates without their pair. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The largest value of an `integer` column (versions, counters). */
export const maxInt4 = 2_147_483_647;

export function isStorableText(s: string): boolean {
  unstorable.lastIndex = 0;
  return !unstorable.test(s);
}

/** The text without the characters that cannot be stored (everything else as typed). */
export function storableText(s: string): string {
  return s.replace(unstorable, '');
}

/**
 * The path of the first string (or object key) in a parsed JSON value that cannot be stored, e.g.
 * `plan.needs.0.need`; null when everything can.
 */
export function firstUnstorablePath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.') || 'body';
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = firstUnstorablePath(v, [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) return [...path, storableText(k)].join('.') || 'body';
      const found = firstUnstorablePath(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
}
