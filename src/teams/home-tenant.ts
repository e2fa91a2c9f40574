/**
 * A person's own tenant in a turn (decision 0008). In the host team's shared channel an activity
 * carries the host's tenant, but a partner's professional is who they are in *their* tenant: the
 * connector's member API names it (`TeamsChannelAccount.tenantId`). Asked only for someone the host
 * tenant does not know, and only kept when it is a listed partner tenant.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';

export type HomeTenantOf = (context: TurnContext) => Promise<string | null>;

/** How many Teams user ids a process remembers the tenant of before it starts again (tenants never change). */
const cacheLimit = 10_000;

/** Null when Teams cannot tell (not a member of the conversation, no connector in reach). */
export function homeTenantResolver(): HomeTenantOf {
  const known = new Map<string, string>();
  return async (context) => {
    const userId = context.activity.from?.id;
    if (!userId) return null;
    const cached = known.get(userId);
    if (cached !== undefined) return cached;
    const member = (await TeamsInfo.getMember(context, userId).catch(() => undefined)) as
      { tenantId?: unknown } | undefined;
    const tenantId = typeof member?.tenantId === 'string' ? member.tenantId.toLowerCase() : null;
    if (tenantId === null) return null;
    if (known.size >= cacheLimit) known.clear();
    known.set(userId, tenantId);
    return tenantId;
  };
}
