/**
 * e2e only: preloaded into the app (NODE_OPTIONS="--import <this file>", E2E_OUTBOUND_LOG=<file>), it
 * appends one JSON line per outgoing HTTP(S) request the app makes — method, URL and body — so that a
 * test can scan every request the app sent in a run: the Bot Connector calls to the Agents Playground
 * as well as the Graph calls. It only observes: requests are passed on unchanged.
 */
import fs from 'node:fs';
import http from 'node:http';
import { Buffer } from 'node:buffer';
import process from 'node:process';

const file = process.env.E2E_OUTBOUND_LOG;
if (file) {
  const { write, end } = http.ClientRequest.prototype;
  const chunksOf = new WeakMap();
  const keep = (req, chunk, encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const list = chunksOf.get(req) ?? [];
    list.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8'),
    );
    chunksOf.set(req, list);
  };
  http.ClientRequest.prototype.write = function (chunk, encoding, cb) {
    keep(this, chunk, encoding);
    return write.call(this, chunk, encoding, cb);
  };
  http.ClientRequest.prototype.end = function (chunk, encoding, cb) {
    keep(this, chunk, encoding);
    try {
      const url = `${this.protocol ?? ''}//${this.host ?? ''}${this.path ?? ''}`;
      const body = Buffer.concat(chunksOf.get(this) ?? []).toString('utf8');
      fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), method: this.method, url, body })}\n`);
    } catch {
      // observing must never break the request
    }
    return end.call(this, chunk, encoding, cb);
  };
}
