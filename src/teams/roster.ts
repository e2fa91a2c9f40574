/**
 * Who a Teams user id (`29:…`) or an Entra object id is, as Teams knows them: the member API of the
 * conversation the card was sent in (group chat, channel, meeting), then the plan team's roster
 * (the bot is installed there, and a personal chat's roster knows only its two parties). Null when
 * Teams cannot tell (not a member there, no connector in reach); the caller then asks what Samsyn
 * itself has seen (the teams_user table).
 */
import { TeamsInfo, teamsGetTeamInfo, type TurnContext } from 'botbuilder';

export interface RosterMember {
  readonly objectId: string;
  readonly name: string;
}

export interface Roster {
  member(id: string): Promise<RosterMember | null>;
}

function asMember(account: { aadObjectId?: string; name?: string } | undefined): RosterMember | null {
  return account?.aadObjectId ? { objectId: account.aadObjectId, name: account.name ?? '' } : null;
}

/** Each lookup is one connector call; a failure (404: not a member; no connector) is "unknown here". */
export function rosterOf(context: TurnContext, planTeamId: string | undefined): Roster {
  const askPlanTeam = planTeamId !== undefined && teamsGetTeamInfo(context.activity)?.id !== planTeamId;
  return {
    async member(id) {
      const attempts = [
        () => TeamsInfo.getMember(context, id),
        ...(askPlanTeam ? [() => TeamsInfo.getTeamMember(context, planTeamId, id)] : []),
      ];
      for (const attempt of attempts) {
        const found = asMember(await attempt().catch(() => undefined));
        if (found) return found;
      }
      return null;
    },
  };
}

/** No Teams at hand (a turn built outside an activity). */
export const noRoster: Roster = { member: () => Promise.resolve(null) };
