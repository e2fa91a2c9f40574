/**
 * The one request body reader: JSON only, counted as the bytes that are parsed. restify's
 * `bodyParser` is not used: it always brings the multipart parser (which writes uploads to disk and
 * keeps them) and counts compressed bytes before inflating without a limit.
 *
 * - No body (no Content-Length, or 0, and no Transfer-Encoding): `req.body` stays undefined.
 * - A body must be `application/json` (any parameters, e.g. charset=utf-8): otherwise 415.
 * - `Content-Encoding` other than identity: 415 (nothing is inflated).
 * - More than `maxBytes`: 413, and reading stops.
 * - Not UTF-8 JSON: 400.
 */
import type { Request, Response, Next } from 'restify';

export interface JsonBodyOptions {
  readonly maxBytes: number;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined && length !== '0') return true;
  return req.headers['transfer-encoding'] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function isIdentity(encoding: string | string[] | undefined): boolean {
  if (encoding === undefined) return true;
  const values = (Array.isArray(encoding) ? encoding.join(',') : encoding)
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  return values.every((v) => v === 'identity');
}

function refuse(res: Response, next: Next, status: number, error: string): void {
  res.setHeader('connection', 'close');
  res.send(status, { error });
  next(false);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(options: JsonBodyOptions) {
  return (req: Request, res: Response, next: Next): void => {
    if (!hasBody(req)) {
      next();
      return;
    }
    if (!isIdentity(req.headers['content-encoding'])) return refuse(res, next, 415, 'UnsupportedContentEncoding');
    if (!isJson(req.headers['content-type'])) return refuse(res, next, 415, 'UnsupportedMediaType');
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > options.maxBytes) return refuse(res, next, 413, 'PayloadTooLarge');

    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) {
        finish(() => {
          refuse(res, next, 413, 'PayloadTooLarge');
          // Stop reading what is left: the connection closes after the answer.
          req.pause();
        });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      finish(() => {
        try {
          const text = utf8.decode(Buffer.concat(chunks, size));
          (req as Request & { body: unknown }).body = JSON.parse(text) as unknown;
        } catch (err) {
          // Invalid UTF-8 (TypeError from the fatal decoder) or invalid JSON (SyntaxError).
          if (err instanceof SyntaxError || err instanceof TypeError) return refuse(res, next, 400, 'InvalidJson');
          throw err;
        }
        next();
      });
    const onError = () => finish(() => next(false));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };
}
