/**
 * The people picked on the meeting card, as the client sent them: Teams' people picker sends Entra
 * object ids, the Agents Playground Teams user ids (`29:…`). A Teams user id is resolved through the
 * member API of the conversation (and the plan team), else through what Samsyn has seen of that user
 * (teams_user). Whoever resolves to nobody, or to a person in no Samsyn unit, is named in a problem
 * for the field — the caller returns the form with everything that was filled in.
 */
import type { Invitee } from '../../app/ports';
import { unitNameOf } from '../../app/world';
import type { MemberSummary } from '../turn';
import type { Turn } from '../turn';

export interface PickedPeople {
  readonly invitees: readonly Invitee[];
  /** One sentence per person who cannot be invited (in the user's language). */
  readonly problems: readonly string[];
}

/** A Bot Framework user id (`29:…`, `8:orgid:…`), as opposed to an Entra object id (a GUID). */
const isTeamsUserId = (value: string) => /^\d+:/.test(value);

const asInvitee = (m: MemberSummary): Invitee => ({
  tenantId: m.tenantId,
  objectId: m.objectId,
  displayName: m.displayName,
  orgUnitId: m.orgUnitId,
  ...(m.email ? { email: m.email } : {}),
});

async function whoIs(turn: Turn, value: string): Promise<{ objectId: string | null; name: string }> {
  const known = await turn.roster.member(value);
  if (known) return known;
  if (isTeamsUserId(value)) return { objectId: await turn.directory.objectIdOfTeamsUser(value), name: '' };
  return { objectId: value, name: '' };
}

export async function resolvePicked(turn: Turn, values: readonly string[]): Promise<PickedPeople> {
  const members = await turn.directory.listMembers();
  const memberOf = (objectId: string | null) =>
    objectId === null ? undefined : members.find((m) => m.objectId === objectId);
  const invitees = new Map<string, Invitee>();
  const problems: string[] = [];
  for (const value of new Set(values)) {
    // An object id of a member needs no lookup; everything else asks Teams (for the id and the name).
    const direct = isTeamsUserId(value) ? undefined : memberOf(value);
    const person = direct ? { objectId: direct.objectId, name: direct.displayName } : await whoIs(turn, value);
    const member = direct ?? memberOf(person.objectId);
    if (member) {
      if (member.objectId !== turn.actor.objectId) invitees.set(member.objectId, asInvitee(member));
    } else if (person.objectId === null) {
      problems.push(turn.t('meeting.unknownPerson', { id: value }));
    } else {
      problems.push(
        person.name
          ? turn.t('meeting.notInUnit', { name: person.name })
          : turn.t('meeting.notInUnitUnnamed', { id: value }),
      );
    }
  }
  return { invitees: [...invitees.values()], problems };
}

/** Whom a form names: the ticked suggestions and the people picked, each once (comma-separated ids as sent). */
export function namedOnForm(...fields: readonly (string | undefined)[]): string[] {
  return [
    ...new Set(
      fields.flatMap((f) =>
        (f ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      ),
    ),
  ];
}

/**
 * A form sent back with people picked: they come back ticked in the checklist, by name and unit, and
 * the people picker starts empty again (a picker given a value shows nobody in the Playground, yet
 * sends that value whoever is picked next). Someone who cannot be resolved is dropped: the form's
 * error names them.
 */
export async function pickedIntoChecklist(
  turn: Turn,
  suggested: readonly { title: string; value: string }[],
  ticked: string | undefined,
  picked: string | undefined,
): Promise<{ people: { title: string; value: string }[]; ticked: string | undefined }> {
  const ids = namedOnForm(picked);
  if (ids.length === 0) return { people: [...suggested], ticked };
  const { invitees } = await resolvePicked(turn, ids);
  const people = [...suggested];
  for (const i of invitees)
    if (!people.some((p) => p.value === i.objectId))
      people.push({ title: `${i.displayName} – ${unitNameOf(turn.world, i.orgUnitId)}`, value: i.objectId });
  return { people, ticked: namedOnForm(ticked, invitees.map((i) => i.objectId).join(',')).join(',') };
}
