/**
 * The Teams bot: chat commands and card actions through the routes table. Every turn resolves
 * the actor from the validated activity; strangers get a short explanation. Nothing personal is
 * logged: verbs, command ids and error codes only.
 */
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  INVOKE_RESPONSE_KEY,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import { ZodError, z } from 'zod';
import type { AdaptiveCard } from '../cards/render';
import { isDomainError } from '../domain/errors';
import { countHandled } from '../metrics';
import { matchCommand } from './command-parser';
import { fieldErrors, inputsOf, storableInputs } from './forms';
import { errorCard, errorText, messageCard } from './handlers/common';
import { badRequest, cardResponse, serverError } from './invoke-response';
import { cardVerbs, commands, events } from './routes';
import type { Remedy } from './verb';
import { translator } from '../i18n';
import { buildTurn, localeFor, type BotDeps, type Turn } from './turn';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asAttachment(card: AdaptiveCard) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

const unexpectedFailure = Symbol('unexpected failure');

export class SamsynBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      const who = await buildTurn(this.deps, context);
      await context.sendActivity(asAttachment(events.installationAdd(who.kind === 'member' ? who.turn.t : who.t)));
      await next();
    });
  }

  /**
   * A turn that fails before or outside its handler (the database unreachable while the turn is set
   * up) still gets an answer: a card action an error response, so Teams keeps the card and what was
   * typed in it; a message a short card. The error then goes on to the adapter, which logs it.
   */
  override async run(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } catch (err) {
      const t = translator(localeFor(this.deps, context, null));
      const { type, name } = context.activity;
      if (
        type === 'invoke' &&
        name === 'adaptiveCard/action' &&
        context.turnState.get(INVOKE_RESPONSE_KEY) === undefined
      ) {
        const body = serverError(t('bot.actionFailed'));
        // As botbuilder answers a handler's error response: the HTTP status is its statusCode.
        await context.sendActivity({ type: 'invokeResponse', value: { status: body.statusCode, body } });
      } else if (type === 'message') {
        await context.sendActivity(asAttachment(messageCard(t, t('bot.internalError'), []))).catch(() => undefined);
      }
      throw err;
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const who = await buildTurn(this.deps, context);
    if (who.kind === 'stranger') {
      await context.sendActivity(asAttachment(messageCard(who.t, who.t('bot.notMember'), [])));
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const match = matchCommand(text, commands);
    if (match === null) {
      await context.sendActivity(asAttachment(messageCard(who.turn.t, who.turn.t('bot.unknown'), [])));
      return;
    }
    const card = await this.safely(who.turn, `command:${match.command.id}`, () =>
      who.turn.run(() => match.command.run(who.turn, match.args)),
    );
    await context.sendActivity(
      asAttachment(card === unexpectedFailure ? messageCard(who.turn.t, who.turn.t('bot.internalError'), []) : card),
    );
  }

  /**
   * An `adaptiveCard/action` whose value is not an object with an action object: botbuilder would
   * fail on it with a 500; it is the sender's mistake, so it gets an invoke error response (400),
   * which keeps the user's card.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value } = context.activity;
    if (name === 'adaptiveCard/action' && !isObject((value as { action?: unknown } | undefined)?.action)) {
      return { status: 400, body: badRequest('malformed adaptiveCard/action value') };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = (invokeValue as Partial<AdaptiveCardInvokeValue> | undefined)?.action;
    const verbName = typeof action?.verb === 'string' ? action.verb : '';
    const route = cardVerbs.get(verbName);
    if (action?.type !== 'Action.Execute' || route === undefined) return badRequest('unknown or missing verb');
    const who = await buildTurn(this.deps, context);
    if (who.kind === 'stranger') return cardResponse(messageCard(who.t, who.t('bot.notMember'), []));
    const { values: raw, unstorable } = storableInputs(inputsOf(action.data));
    const handle = async () => {
      if (unstorable.length > 0) {
        // Characters the database cannot hold (NUL, a lone surrogate): the same form, the rest of the text kept.
        const errors = Object.fromEntries(unstorable.map((f) => [f, who.turn.t('validation.unstorable')]));
        return route.invalid ? route.invalid(who.turn, raw, errors) : errorCard(who.turn.t, { code: 'Invalid' });
      }
      const parsed = route.schema(who.turn).safeParse(raw);
      if (!parsed.success) {
        const errors = fieldErrors(who.turn.t, parsed.error);
        return route.invalid ? route.invalid(who.turn, raw, errors) : errorCard(who.turn.t, { code: 'Invalid' });
      }
      return route.handle(who.turn, parsed.data, raw);
    };
    // A refusal (consent missing, a conflict, a wrong value) comes back on the same form with
    // everything the user filled in — in its own transaction, as the refused one was rolled back.
    const { invalid } = route;
    const keepForm = invalid
      ? (message: string, field: string | undefined, remedy: Remedy | undefined) => {
          const again = () => invalid(who.turn, raw, field ? { [field]: message } : {}, message, remedy);
          return route.external ? again() : who.turn.run(again);
        }
      : undefined;
    // Where no form comes back, the message card leads back to the case the action was about.
    const caseId = z.uuid().safeParse(raw.caseId);
    // One transaction for the action (committed, audit rows included, before the card is returned),
    // unless the handler waits for Graph.
    const card = await this.safely(
      who.turn,
      `verb:${verbName}`,
      () => (route.external ? handle() : who.turn.run(handle, { lockCaseReads: route.writesCase === true })),
      keepForm,
      caseId.success ? caseId.data : undefined,
    );
    // An unexpected failure keeps the user's card (and what they typed) instead of replacing it.
    return card === unexpectedFailure ? serverError(who.turn.t('bot.actionFailed')) : cardResponse(card);
  }

  /**
   * Runs a handler; a domain error becomes a card in the user's language; anything else is logged and
   * answered `unexpectedFailure`.
   */
  private async safely(
    turn: Turn,
    what: string,
    run: () => Promise<AdaptiveCard>,
    keepForm?: (message: string, field: string | undefined, remedy: Remedy | undefined) => Promise<AdaptiveCard>,
    caseId?: string,
  ): Promise<AdaptiveCard | typeof unexpectedFailure> {
    const refusedCard = async (err: unknown, field: string | undefined): Promise<AdaptiveCard> => {
      const message = errorText(turn.t, err, (id) => this.deps.world.orgUnits.find((u) => u.id === id)?.name ?? id);
      const code = isDomainError(err) ? err.code : undefined;
      // Consent missing: recording it is the way forward.
      const remedy: Remedy | undefined = code === 'ConsentRequired' ? 'recordConsent' : undefined;
      // A case the person may not see (NotFound) offers no way back to it.
      let reachable = code !== 'NotFound';
      if (keepForm) {
        try {
          return await keepForm(message, field, remedy);
        } catch (again) {
          // The form itself cannot be shown again (e.g. the case is gone): the message alone.
          turn.log.info({ what, code: isDomainError(again) ? again.code : 'unknown' }, 'form not shown again');
          if (isDomainError(again) && again.code === 'NotFound') reachable = false;
        }
      }
      return messageCard(turn.t, message, [], '', reachable && caseId !== undefined ? { caseId, remedy } : {});
    };
    try {
      const card = await run();
      turn.log.debug({ what }, 'handled');
      countHandled(what, 'ok');
      return card;
    } catch (err) {
      if (err instanceof ZodError) {
        // A handler's own parse of a raw input (e.g. the case id of a form that failed validation):
        // the input is wrong, not the server.
        turn.log.info({ what, code: 'Invalid' }, 'refused');
        countHandled(what, 'refused');
        return refusedCard({ code: 'Invalid' }, undefined);
      }
      if (isDomainError(err)) {
        turn.log.info({ what, code: err.code }, 'refused');
        countHandled(what, 'refused');
        return refusedCard(err, err.field);
      }
      turn.log.error({ what, err: { name: err instanceof Error ? err.name : 'unknown' } }, 'handler failed');
      countHandled(what, 'failed');
      return unexpectedFailure;
    }
  }
}
