/**
 * A local Bot Connector stand-in (the outer edge the bot posts to): records the bot's outgoing
 * activities and answers with ids, like the Teams connector's documented responses.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The activity id the stand-in answered with. */
  readonly answeredId: string;
  /** The bot's Authorization header (the outbound token), if any. */
  readonly authorization: string | undefined;
}

/** A conversation member as the connector's members endpoint answers it. */
export interface ConnectorMember {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  /** The member's own tenant, as Teams answers for everyone (a partner's in the host's shared channel). */
  readonly tenantId?: string;
}

/**
 * `rosters` (conversation or team id → members) answers GET /v3/conversations/{id}/members/{userId}
 * (by Teams user id or Entra object id, as Teams does) with the member or 404 MemberNotFoundInConversation.
 */
export async function startConnectorStandIn(
  options: { rosters?: Readonly<Record<string, readonly ConnectorMember[]>> } = {},
): Promise<{ url: string; calls: ConnectorCall[]; close(): Promise<void> }> {
  const calls: ConnectorCall[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const member =
        req.method === 'GET' ? /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(req.url ?? '') : null;
      if (member) {
        calls.push({
          method: 'GET',
          path: req.url ?? '',
          body: {},
          answeredId: '',
          authorization: req.headers.authorization,
        });
        const [conversation, user] = [decodeURIComponent(member[1] ?? ''), decodeURIComponent(member[2] ?? '')];
        const found = options.rosters?.[conversation]?.find((m) => m.id === user || m.aadObjectId === user);
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            found
              ? { ...found, userRole: 'user' }
              : {
                  error: {
                    code: 'MemberNotFoundInConversation',
                    message: 'The member was not found in the conversation.',
                  },
                },
          ),
        );
        return;
      }
      const body = data ? (JSON.parse(data) as Record<string, unknown>) : {};
      const answeredId = req.method === 'PUT' ? String(body.id ?? '') : `1:${randomUUID()}`;
      calls.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        answeredId,
        authorization: req.headers.authorization,
      });
      res.writeHead(req.method === 'PUT' ? 200 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: answeredId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
