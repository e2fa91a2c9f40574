/** The one mapping from a handler's card (or failure) to the `adaptiveCard/action` invoke response. */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render';

export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}

/** For requests that are not a proper card action at all (no verb, wrong shape). */
export function badRequest(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 400,
    type: 'application/vnd.microsoft.error',
    value: { code: 'BadRequest', message } as unknown as Record<string, unknown>,
  };
}

/**
 * The action failed on our side (database unreachable, an unexpected error): an error response, so
 * Teams keeps the card as it is — with what the user typed — instead of replacing it.
 */
export function serverError(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 500,
    type: 'application/vnd.microsoft.error',
    value: { code: 'InternalServerError', message } as unknown as Record<string, unknown>,
  };
}
