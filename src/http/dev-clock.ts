/**
 * Local development only: a clock that can be moved forward, so a newcomer can see a follow-up
 * reminder (or a consent's expiry) arrive without waiting days. Used only with DEV_AUTH, which the
 * configuration refuses together with bot credentials; moved by POST /api/dev/clock from loopback.
 */
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../domain/ports';
import { fromLocalBrowser } from './loopback';

export class DevClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const maxDays = 400;

export function mountDevClock(server: Server, clock: DevClock): void {
  server.get('/api/dev/clock', async (req: Request, res: Response) => {
    if (!fromLocalBrowser(req)) return void res.send(404, { error: 'NotFound' });
    res.send(200, { now: clock.now().toISOString() });
  });
  server.post('/api/dev/clock', async (req: Request, res: Response) => {
    if (!fromLocalBrowser(req)) return void res.send(404, { error: 'NotFound' });
    const body = (req.body ?? {}) as { advanceDays?: unknown; advanceHours?: unknown };
    const days = body.advanceDays ?? 0;
    const hours = body.advanceHours ?? 0;
    if (
      typeof days !== 'number' ||
      typeof hours !== 'number' ||
      !Number.isFinite(days) ||
      !Number.isFinite(hours) ||
      days < 0 ||
      hours < 0 ||
      days + hours / 24 > maxDays
    ) {
      return void res.send(400, {
        error: 'Invalid',
        field: 'advanceDays',
        detail: `advanceDays and advanceHours: non-negative numbers, at most ${maxDays} days in all`,
      });
    }
    clock.advance((days * 24 + hours) * 3_600_000);
    res.send(200, { now: clock.now().toISOString() });
  });
}
