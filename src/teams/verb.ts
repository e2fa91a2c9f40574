/** The shape of a card verb route: a declared input schema, one handler, and its invalid state. */
import type { z } from 'zod';
import type { AdaptiveCard } from '../cards/render';
import type { FieldErrors } from './forms';
import type { Turn } from './turn';

/** What fixes a refusal, offered as a button on the card that reports it. */
export type Remedy = 'recordConsent';

export interface VerbRoute<I> {
  /** Validated before the handler runs; may depend on the turn (e.g. the unit's wheel areas). */
  readonly schema: (turn: Turn) => z.ZodType<I>;
  readonly handle: (turn: Turn, input: I, raw: Readonly<Record<string, string>>) => Promise<AdaptiveCard>;
  /**
   * The same form again, with what the user typed and the messages by the fields. `formError` (the
   * message above the form) is given when the handler was refused (e.g. consent missing, a conflict),
   * so that no refusal throws away what the user filled in; `remedy`, when the refusal has one
   * (consent missing: Registrera samtycke), is offered on the form as the way forward.
   */
  readonly invalid?: (
    turn: Turn,
    raw: Readonly<Record<string, string>>,
    errors: FieldErrors,
    formError?: string,
    remedy?: Remedy,
  ) => Promise<AdaptiveCard>;
  /**
   * The handler waits for a service outside the database (Microsoft Graph): it runs without the
   * turn's transaction, each repository call committing on its own, so no lock is held meanwhile.
   */
  readonly external?: boolean;
  /**
   * The verb saves the case it reads (a form's submit): its first access check of a case already
   * takes the case row's lock, so the save needs no second access read (issue 22 item 4).
   */
  readonly writesCase?: boolean;
}

export type AnyVerbRoute = VerbRoute<unknown>;

export function verb<I>(route: VerbRoute<I>): AnyVerbRoute {
  return route as unknown as AnyVerbRoute;
}
