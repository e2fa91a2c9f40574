import type { ActivityHandler, CloudAdapter, Request, Response } from 'botbuilder';

/** The bot's side of POST /api/messages: the adapter authenticates and runs one turn. */
export function messagesHandler(adapter: CloudAdapter, bot: ActivityHandler) {
  return (req: Request, res: Response): Promise<void> => adapter.process(req, res, (context) => bot.run(context));
}
