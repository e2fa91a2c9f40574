/**
 * Server-driven paging as Graph does it for collections: a page of `value` and, while more remain,
 * `@odata.nextLink` — the same request with an opaque `$skiptoken`. `$top` asks for a smaller page.
 * The page size is the stand-in's option (`pageSize`), so tests can make any collection span pages.
 */
import { badRequest, type GraphRequest, type JsonObject } from './protocol';

/** Default page size of the paged collections (Graph's own vary; 100 is common). */
export const DEFAULT_PAGE_SIZE = 100;

const encode = (offset: number) => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');

function decode(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  throw badRequest('Invalid $skiptoken value.', 'BadRequest');
}

/** One page of `items` for this request, with the link to the next page when there is one. */
export function page<T extends JsonObject>(
  request: GraphRequest,
  items: readonly T[],
  pageSize: number,
): { value: T[]; '@odata.nextLink'?: string } {
  const top = request.query.get('$top');
  const size = top === null ? pageSize : Math.min(Math.max(Number(top) || 1, 1), pageSize);
  const token = request.query.get('$skiptoken');
  const offset = token === null ? 0 : decode(token);
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const next = new URLSearchParams(request.query);
  next.set('$skiptoken', encode(offset + size));
  // Query options keep their `$` as in Graph's own links (`?$top=2&$skiptoken=…`).
  const query = [...next].map(([name, v]) => `${name}=${encodeURIComponent(v)}`).join('&');
  return {
    value,
    '@odata.nextLink': `${request.baseUrl}/${request.segments.map(encodeURIComponent).join('/')}?${query}`,
  };
}
