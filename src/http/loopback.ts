import type { Request } from 'restify';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The caller is on this machine (local mode and DEV_AUTH accept nobody else). */
export function fromLoopback(req: Request): boolean {
  return loopback.has(req.socket.remoteAddress ?? '');
}
