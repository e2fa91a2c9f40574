/** Minimal HTTPS client for the stand-in tests: trusts only the given CA, no connection reuse. */
import https from 'node:https';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Parsed JSON body (tests index into it freely).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Bearer token; `null` sends no Authorization header. Default 'dev-token'. */
  token?: string | null;
  headers?: Record<string, string>;
  /** CA to trust; `null` trusts only Node's default roots. */
  ca: string | null;
}

export function call(baseUrl: string, method: string, path: string, options: CallOptions): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const token = options.token === undefined ? 'dev-token' : options.token;
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(path, baseUrl),
      {
        method,
        agent: false,
        ...(options.ca !== null ? { ca: options.ca } : {}),
        headers: {
          accept: 'application/json',
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
