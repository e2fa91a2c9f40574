/**
 * What POST /api/messages must be before the bot adapter sees it. botbuilder answers a body that is
 * not an activity with a 500; that is the caller's mistake, so it is answered 400 (or 401 without
 * credentials) here, before any bot code runs. (A malformed invoke value of an authenticated caller
 * is the bot's to answer: an invoke error response, bot.ts.)
 */
import { z } from 'zod';

const activityShape = z.looseObject({
  type: z.string().min(1).max(64),
});

const bearer = /^Bearer [A-Za-z0-9._~+/=-]+$/;

export interface BotRequestProblem {
  readonly status: 400 | 401;
  readonly error: string;
}

export function botRequestProblem(
  body: unknown,
  authorization: string | undefined,
  localMode: boolean,
): BotRequestProblem | null {
  // Without credentials first: an unauthenticated caller learns nothing about what we would accept.
  if (!localMode && (authorization === undefined || !bearer.test(authorization)))
    return { status: 401, error: 'Unauthorized' };
  if (!activityShape.safeParse(body).success || Array.isArray(body)) return { status: 400, error: 'InvalidActivity' };
  return null;
}
