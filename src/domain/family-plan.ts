/**
 * The plan as the family reads it: built from ONE plan version (the current agreed one) and the
 * wheel's labels, nothing else — no consultation text, no assessments, no identity, no reference.
 * Who helps with what and by when, the child's own words, the wheel with the level per area, and
 * the lead professional's and the named person's work contact, the next meeting — and, when the case
 * uses them, the GIRFEC lenses as they stand (My World Triangle, Resilience Matrix), as the reader
 * may see them — and, when recorded, the child's and the guardians' own views (`voice`).
 */
import type { WorryLevel } from './assessment';
import type { FamilyVoice, FamilyVoiceArea } from './child-voice';
import { partsOf, type CaseLenses, type Lens } from './lens';
import type { PlanVersion } from './plan';
import type { LocalizedText } from './wheel';

/** One person's own view of one wheel area (domain/child-voice.ts): a rating on the three faces, and their words. */
export type AreaVoice = FamilyVoiceArea;

/** A person to contact as the case stores them: name, unit and work e-mail. */
export interface FamilyContact {
  readonly name: string;
  readonly unit: string;
  readonly email: string | null;
}

export interface FamilyPlanInput {
  readonly plan: PlanVersion;
  /** The wheel of the case's unit: area ids and labels in the reader's language, in wheel order. */
  readonly wheel: readonly { readonly id: string; readonly label: string }[];
  readonly unitName: (orgUnitId: string) => string;
  /** The lead professional's work e-mail from configuration, if known. */
  readonly leadEmail: string | null;
  /** The case's named person(s) with their unit id and work e-mail. */
  readonly namedPersons?: readonly {
    readonly name: string;
    readonly orgUnitId: string;
    readonly email: string | null;
  }[];
  /** The next collaboration meeting booked for the case, "YYYY-MM-DD HH:mm" in Stockholm time. */
  readonly nextMeeting?: string | null;
  /** The child's and the guardians' own views, when recorded. */
  readonly voice?: FamilyVoice;
  /** The case's lenses (as the reader may see them) with their definitions, in the reader's language. */
  readonly lenses?: {
    readonly definitions: readonly Lens[];
    readonly stored: CaseLenses;
    readonly locale: 'sv' | 'en';
  };
}

type Axis = { readonly label: string; readonly low: string; readonly high: string };

export type FamilyLensView =
  | {
      readonly kind: 'triangle';
      readonly name: string;
      readonly sides: readonly { readonly label: string; readonly strengths: string; readonly worries: string }[];
    }
  | {
      readonly kind: 'matrix';
      readonly name: string;
      readonly axes: { readonly x: Axis; readonly y: Axis };
      readonly quadrants: readonly { readonly x: 'low' | 'high'; readonly y: 'low' | 'high'; readonly label: string }[];
      readonly placement: { readonly x: number; readonly y: number } | null;
      readonly notes: readonly { readonly label: string; readonly note: string }[];
    };

export interface FamilyPlanView {
  readonly version: number;
  /** YYYY-MM-DD of the version. */
  readonly agreedOn: string;
  readonly reason: string;
  readonly goals: readonly { readonly goal: string; readonly inChildsWords: string }[];
  readonly actions: readonly {
    readonly what: string;
    readonly who: string;
    readonly unit: string;
    readonly byWhen: string;
    readonly howWeWillKnow: string;
  }[];
  readonly needs: readonly {
    readonly area: string;
    readonly need: string;
    readonly childView: string;
    readonly guardianView: string;
  }[];
  readonly wheel: readonly { readonly areaId: string; readonly area: string; readonly level: WorryLevel | null }[];
  /** Who the child wished for as contact person, in the plan's words. */
  readonly childsWishForLead: string;
  /** What the family and the professionals do not agree on, as written. */
  readonly disagreements: string;
  readonly lead: FamilyContact | null;
  readonly namedPersons: readonly FamilyContact[];
  readonly followUpDate: string | null;
  /** The next booked meeting ("YYYY-MM-DD HH:mm", Stockholm), if any. */
  readonly nextMeeting: string | null;
  /** The lenses the case uses that hold something; none: the PDF has no lens section. */
  readonly lenses: readonly FamilyLensView[];
  /** The child's and guardians' own views, areas labelled in the reader's language; absent: none recorded (no such section). */
  readonly voice?: FamilyVoice;
}

/** The voice with each area's label (`label`) in the reader's language. */
function labelledVoice(voice: FamilyVoice, label: (areaId: string) => string): FamilyVoice {
  const areas = (list: FamilyVoice['guardians'][number]['areas']) =>
    list.map((a) => ({ ...a, label: label(a.areaId) }));
  return {
    ...(voice.child ? { child: { ...voice.child, areas: areas(voice.child.areas) } } : {}),
    guardians: voice.guardians.map((g) => ({ ...g, areas: areas(g.areas) })),
  };
}

/** The lenses the case uses and has written in, in the configured order, in the reader's language. */
export function familyLenses(input: FamilyPlanInput['lenses']): FamilyLensView[] {
  if (input === undefined) return [];
  const { definitions, stored, locale } = input;
  const l = (text: LocalizedText) => text[locale];
  return definitions.flatMap((lens): FamilyLensView[] => {
    const content = stored.content[lens.id];
    if (!stored.chosen.includes(lens.id) || content === undefined || partsOf(content).length === 0) return [];
    if (lens.kind === 'triangle' && content.kind === 'triangle')
      return [
        {
          kind: 'triangle',
          name: l(lens.name),
          sides: lens.sides.flatMap((s) => {
            const v = content.sides[s.id];
            return v ? [{ label: l(s.label), strengths: v.strengths, worries: v.worries }] : [];
          }),
        },
      ];
    if (lens.kind === 'matrix' && content.kind === 'matrix') {
      const axis = (a: typeof lens.axes.x): Axis => ({ label: l(a.label), low: l(a.low), high: l(a.high) });
      return [
        {
          kind: 'matrix',
          name: l(lens.name),
          axes: { x: axis(lens.axes.x), y: axis(lens.axes.y) },
          quadrants: lens.quadrants.map((q) => ({ x: q.x, y: q.y, label: l(q.label) })),
          placement: content.placement,
          notes: lens.quadrants.flatMap((q) => {
            const note = content.notes[q.id];
            return note ? [{ label: l(q.label), note }] : [];
          }),
        },
      ];
    }
    return [];
  });
}

export function familyPlanView(input: FamilyPlanInput): FamilyPlanView {
  const { plan, wheel } = input;
  const c = plan.content;
  const label = (areaId: string) => wheel.find((a) => a.id === areaId)?.label ?? areaId;
  const levelOf = new Map(c.needs.map((n) => [n.areaId, n.level ?? null]));
  return {
    version: plan.version,
    agreedOn: plan.createdAt.toISOString().slice(0, 10),
    reason: c.reason,
    goals: c.goals.map((g) => ({ goal: g.goal, inChildsWords: g.inChildsWords })),
    actions: c.actions.map((a) => ({
      what: a.what,
      who: a.who,
      unit: input.unitName(a.orgUnitId),
      byWhen: a.byWhen,
      howWeWillKnow: a.howWeWillKnow,
    })),
    needs: c.needs.map((n) => ({
      area: label(n.areaId),
      need: n.need,
      childView: n.childView,
      guardianView: n.guardianView,
    })),
    wheel: wheel.map((a) => ({ areaId: a.id, area: a.label, level: levelOf.get(a.id) ?? null })),
    childsWishForLead: c.childsWishForLead,
    disagreements: c.disagreements,
    lead: c.leadProfessional
      ? {
          name: c.leadProfessional.displayName,
          unit: input.unitName(c.leadProfessional.orgUnitId),
          email: input.leadEmail,
        }
      : null,
    namedPersons: (input.namedPersons ?? []).map((p) => ({
      name: p.name,
      unit: input.unitName(p.orgUnitId),
      email: p.email,
    })),
    followUpDate: c.followUpDate,
    nextMeeting: input.nextMeeting ?? null,
    lenses: familyLenses(input.lenses),
    ...(input.voice ? { voice: labelledVoice(input.voice, label) } : {}),
  };
}
