/** What the side panel derives from the case data: each person once, and whether others changed anything. */
import type { CaseView } from '../types';

/** Each person once, with all their roles in the case (a party may hold several, e.g. discoverer and lead). */
export function peopleOnce(
  participants: CaseView['participants'],
): { objectId: string; name: string; orgUnit: string; roles: string[] }[] {
  const byId = new Map<string, { objectId: string; name: string; orgUnit: string; roles: string[] }>();
  for (const p of participants) {
    const known = byId.get(p.objectId);
    if (!known) byId.set(p.objectId, { objectId: p.objectId, name: p.name, orgUnit: p.orgUnit, roles: [p.role] });
    else if (!known.roles.includes(p.role)) known.roles.push(p.role);
  }
  return [...byId.values()];
}

/** Whether anything changed that the viewer did not write (for the "updated" announcement). */
export function othersChanged(before: CaseView, after: CaseView): boolean {
  const stamp = (d: CaseView) =>
    JSON.stringify([
      d.assessments.filter((a) => !a.mine).map((a) => [a.author, a.version]),
      d.plan?.version ?? 0,
      d.stage,
    ]);
  return stamp(before) !== stamp(after);
}
