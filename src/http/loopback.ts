import type { Request } from 'restify';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The caller is on this machine (local mode and DEV_AUTH accept nobody else). */
export function fromLoopback(req: Request): boolean {
  return loopback.has(req.socket.remoteAddress ?? '');
}

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A browser on this machine talking to us by a local name: a loopback caller whose Host header names
 * loopback too. The Host check stops a web page that rebinds its own DNS name to 127.0.0.1 from using
 * the development sign-in (DEV_AUTH) through the user's browser.
 */
export function fromLocalBrowser(req: Request): boolean {
  const host = String(req.headers.host ?? '').toLowerCase();
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return fromLoopback(req) && localHosts.has(name);
}
