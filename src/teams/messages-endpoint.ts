import type { ActivityHandler, CloudAdapter, Request, Response } from 'botbuilder';
import { requestIdKey } from './turn';

/**
 * The bot's side of POST /api/messages: the adapter authenticates and runs one turn. The HTTP layer
 * has put the request id in force into `x-request-id`; the turn's logs carry it.
 */
export function messagesHandler(adapter: CloudAdapter, bot: ActivityHandler) {
  return (req: Request, res: Response): Promise<void> => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' ? header : undefined;
    return adapter.process(req, res, (context) => {
      if (requestId !== undefined) context.turnState.set(requestIdKey, requestId);
      return bot.run(context);
    });
  };
}
