/**
 * The case summary and the list of my cases. The summary shows everyone only the opaque
 * reference, kind and stage; personal detail comes only through the per-user refresh
 * (`case.refresh`), whose handler re-checks access through the repositories.
 */
import { z } from 'zod';
import { cards, type Fact } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { changeStage } from '../../app/change-stage';
import { wheelFor, unitNameOf } from '../../app/world';
import { areaById } from '../../domain/wheel';
import type { ChildCase } from '../../domain/case';
import { isDomainError } from '../../domain/errors';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { closeCard, guardedReason } from './close-case';
import { textsFor } from './common';
import { version } from '../forms';
import type { CaseCardView } from '../../app/external-ports';
import type { PartiesWithTeamsIds } from '../../app/ports';
import { meetingStatusText, planStatusText, type Shows } from './progress';
import { familyInvitedText } from './meeting-family';

const summaryTexts = [
  'detailHeading',
  'participantsHeading',
  'personalHint',
  'refresh',
  'fiveQuestions',
  'wheel',
  'recordConsent',
  'consents',
];
const extraTexts = (t: Turn['t']) => ({
  callMeeting: t('meeting.button'),
  checkMeeting: t('meeting.refresh'),
  joinMeeting: t('meeting.join'),
  plan: t('plan.button'),
  followUp: t('followUp.button'),
  handover: t('followUp.handover'),
  closeCase: t('close.button'),
  checkPlan: t('meeting.refresh'),
  consult: t('consult.button'),
  consultationMeeting: t('meeting.titleConsultation'),
  outcome: t('outcome.button'),
  groupActions: t('group.actionsButton'),
  openIndividual: t('group.individualButton'),
});

function baseFacts(turn: Turn, kase: ChildCase, myRoles: readonly string[]): Fact[] {
  const { t } = turn;
  return [
    { title: t('case.kind'), value: kase.details.group ? t('group.kind') : t(`case.${kase.kind}`) },
    { title: t('case.stage'), value: t(`stages.${kase.stage}`) },
    { title: t('case.myRoles'), value: myRoles.map((r) => t(`roles.${r}`)).join(', ') || '–' },
    ...(kase.outcome ? [{ title: t('outcome.fact'), value: t(`outcome.${kase.outcome}`) }] : []),
  ];
}

function personalDetails(turn: Turn, kase: ChildCase, assessments: number, familyInvited = ''): Fact[] {
  const { t } = turn;
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const areaNames = kase.details.worryAreas.map((id) => areaById(wheel, id)?.label[turn.locale] ?? id).join(', ');
  const { group, groupActions, fromGroup } = kase.details;
  const facts: (Fact | null)[] = [
    kase.child ? { title: t('case.child'), value: kase.child.name } : null,
    group
      ? {
          title: t('group.group'),
          value: t('group.groupLine', {
            setting: t(`group.settings.${group.setting}`),
            size: t('group.children', { band: group.sizeBand }),
            age: t('consultation.years', { band: group.ageBand }),
          }),
        }
      : null,
    fromGroup ? { title: t('group.fromGroup'), value: t('case.reference', { reference: fromGroup.reference }) } : null,
    kase.details.ageBand
      ? { title: t('case.ageBand'), value: t('consultation.years', { band: kase.details.ageBand }) }
      : null,
    kase.details.schoolYear ? { title: t('case.schoolYear'), value: kase.details.schoolYear } : null,
    areaNames ? { title: t('case.worryAreas'), value: areaNames } : null,
    kase.details.observations ? { title: t('case.observations'), value: kase.details.observations } : null,
    kase.details.tried ? { title: t('case.tried'), value: kase.details.tried } : null,
    groupActions && groupActions.length > 0
      ? { title: t('group.actions'), value: groupActions.map((a) => `• ${a}`).join('\n') }
      : null,
    { title: t('case.assessments'), value: String(assessments) },
    familyInvited ? { title: t('meeting.familyInvited'), value: familyInvited } : null,
  ];
  return facts.filter((f): f is Fact => f !== null);
}

export interface SummaryOptions {
  readonly message?: string;
  readonly reportNotice?: boolean;
  /** Only the refresh handler asks for personal detail, after its own access check. */
  readonly personal?: boolean;
  /** A meeting being created: the card offers to check its progress. */
  readonly meetingId?: string | undefined;
  /** A created meeting's Teams join link: the card shows it as a button. */
  readonly joinUrl?: string | undefined;
  /** The plan is being posted: the card offers to check its progress. */
  readonly planStatus?: boolean;
  /** The operation the card reports (progress.ts): its per-user refresh reports it too. */
  readonly shows?: Shows;
  /** Who of the family the meeting invites, by name: shown only in the personal view (after its access check). */
  readonly familyInvited?: string;
  /** The case as read earlier in this turn by a handler that did not change it (one audited read fewer). */
  readonly kase?: ChildCase;
  /** The parties with their Teams ids, as read earlier in this turn by a handler that did not change them. */
  readonly parties?: PartiesWithTeamsIds;
}

/** The summary's options for the operation a card reports: the meeting's creation or the plan's post. */
export async function progressOptions(turn: Turn, caseId: string, shows: Shows): Promise<SummaryOptions> {
  if (shows.mode === 'plan') {
    const { message, pending } = await planStatusText(turn, caseId);
    return { message, planStatus: pending, shows };
  }
  if (shows.mode === '') return {};
  const m = await turn.repos.meetings.getMeeting(caseId, shows.meetingId);
  const lobbyNote = m.status === 'created' && m.lobby === 'not-set' ? ` ${turn.t('meeting.lobbyNotSet')}` : '';
  return {
    message: meetingStatusText(turn.t, m.status, m.startsAt) + lobbyNote,
    familyInvited: familyInvitedText(turn, m.familyInvited),
    meetingId: m.status === 'requested' ? shows.meetingId : undefined,
    joinUrl: m.status === 'created' && m.joinUrl?.startsWith('https://') ? m.joinUrl : undefined,
    shows,
  };
}

/** The card's refresh data for what it reports. */
function refreshOf(shows: Shows = { mode: '' }) {
  return { refreshProgress: shows.mode, refreshMeetingId: shows.mode === 'meeting' ? shows.meetingId : '' };
}

export async function caseSummaryCard(turn: Turn, caseId: string, options: SummaryOptions = {}): Promise<AdaptiveCard> {
  const { t, repos } = turn;
  const kase = options.kase ?? (await repos.cases.getCase(caseId));
  // The parties and their Teams ids (the card's refresh) in one round trip.
  const { parties, teamsUserIds } = options.parties ?? (await repos.parties.listPartiesWithTeamsIds(caseId));
  const me = parties
    .filter((p) => p.tenantId === turn.actor.tenantId && p.objectId === turn.actor.objectId)
    .map((p) => p.role);
  const personal = options.personal === true;
  const assessments = personal ? (await repos.assessments.listAssessments(caseId)).length : 0;
  const unitName = (id: string) => unitNameOf(turn.world, id);
  return render(cards.caseSummary, {
    t: textsFor(t, 'case', summaryTexts, { title: t('case.title', { reference: kase.reference }), ...extraTexts(t) }),
    caseId,
    meetingId: options.meetingId ?? '',
    joinUrl: options.joinUrl ?? '',
    planStatus: options.planStatus === true,
    ...refreshOf(options.shows),
    consented: kase.kind === 'consented',
    group: kase.details.group !== undefined,
    userIds: teamsUserIds,
    message: options.message ?? '',
    reportNotice: options.reportNotice ? t('report.notice') : '',
    facts: baseFacts(turn, kase, me),
    personal,
    details: personal ? personalDetails(turn, kase, assessments, options.familyInvited) : [],
    participants: personal
      ? parties.map((p) => `${p.displayName} – ${unitName(p.orgUnitId)} (${t(`roles.${p.role}`)})`)
      : [],
  });
}

/**
 * The case card a job renders when a long operation finished, for no particular person: the opaque
 * facts every member of the conversation may see (no roles, no detail). In the person's own chat
 * (`ownChat`) the meeting's join link is a button; elsewhere the parties get it, with their own view,
 * through the per-user refresh (`case.refresh` for `userIds`).
 */
export function finishedCaseCard(
  t: Turn['t'],
  view: CaseCardView,
  userIds: readonly string[],
  ownChat: boolean,
): AdaptiveCard {
  const { done } = view;
  const joinUrl =
    done.kind === 'meeting.created' && ownChat && done.joinUrl?.startsWith('https://') ? done.joinUrl : '';
  return render(cards.caseSummary, {
    t: textsFor(t, 'case', summaryTexts, { title: t('case.title', { reference: view.reference }), ...extraTexts(t) }),
    caseId: view.caseId,
    meetingId: '',
    joinUrl,
    planStatus: false,
    ...refreshOf(done.kind === 'meeting.created' ? { mode: 'meeting', meetingId: done.meetingId } : { mode: 'plan' }),
    consented: view.kind === 'consented',
    group: view.group,
    userIds,
    message:
      done.kind === 'meeting.created'
        ? meetingStatusText(t, 'created', done.startsAt)
        : t('plan.posted', { version: done.version }),
    reportNotice: '',
    facts: [
      { title: t('case.kind'), value: view.group ? t('group.kind') : t(`case.${view.kind}`) },
      { title: t('case.stage'), value: t(`stages.${view.stage}`) },
      ...(view.outcome ? [{ title: t('outcome.fact'), value: t(`outcome.${view.outcome}`) }] : []),
    ],
    personal: false,
    details: [],
    participants: [],
  });
}

export async function caseListCard(turn: Turn): Promise<AdaptiveCard> {
  const { t } = turn;
  const mine = await turn.repos.cases.listMyCases();
  return render(cards.caseList, {
    t: textsFor(t, 'case', ['none', 'open', 'newConsultation'], { title: t('case.listTitle') }),
    cases: mine.map((c) => ({
      id: c.id,
      reference: c.reference,
      description: t('case.listLine', {
        kind: c.group ? t('group.kind') : t(`case.${c.kind}`),
        stage: t(`stages.${c.stage}`),
      }),
    })),
  });
}

const caseInput = z.object({ caseId: z.uuid() });

export const caseVerbs = {
  'cases.list': verb({ schema: () => z.object({}), handle: (turn) => caseListCard(turn) }),
  'case.open': verb({ schema: () => caseInput, handle: (turn, input) => caseSummaryCard(turn, input.caseId) }),
  'case.close': verb({ schema: () => caseInput, handle: (turn, input) => closeCard(turn, input.caseId, '', '') }),
  'case.closeSubmit': verb({
    schema: () => z.object({ caseId: z.uuid(), version, reason: z.string().trim().min(1).max(1000) }),
    invalid: async (turn, raw, errors, formError) =>
      closeCard(
        turn,
        z.uuid().parse(raw.caseId),
        raw.reason ?? '',
        formError ?? errors.reason ?? turn.t('errors.Invalid'),
      ),
    handle: async (turn, input, raw) => {
      const refused = await guardedReason(turn, input.caseId, input.reason, raw);
      if (refused !== null) return refused;
      await changeStage(turn.ctx, input.caseId, { type: 'close', reason: input.reason }, input.version);
      return caseSummaryCard(turn, input.caseId, { message: turn.t('close.closed') });
    },
  }),
  'case.refresh': verb({
    schema: () =>
      z.object({
        caseId: z.uuid(),
        meetingId: z.uuid().or(z.literal('')).catch(''),
        progress: z.enum(['', 'meeting', 'plan']).catch(''),
      }),
    handle: async (turn, input) => {
      try {
        const shows: Shows =
          input.progress === 'plan'
            ? { mode: 'plan' }
            : input.progress === 'meeting' && input.meetingId !== ''
              ? { mode: 'meeting', meetingId: input.meetingId }
              : { mode: '' };
        const progress = await progressOptions(turn, input.caseId, shows);
        return await caseSummaryCard(turn, input.caseId, { ...progress, personal: true });
      } catch (err) {
        if (isDomainError(err) && err.code === 'NotFound') return notPermittedSummary(turn);
        throw err;
      }
    },
  }),
};

/** What someone without access sees on refresh: nothing about the case. */
function notPermittedSummary(turn: Turn): AdaptiveCard {
  const { t } = turn;
  return render(cards.caseSummary, {
    t: textsFor(t, 'case', summaryTexts, { title: t('errors.NotFound'), ...extraTexts(t) }),
    caseId: '',
    joinUrl: '',
    meetingId: '',
    planStatus: false,
    ...refreshOf(),
    consented: false,
    group: false,
    userIds: [],
    message: '',
    reportNotice: '',
    facts: [],
    personal: false,
    details: [],
    participants: [],
  });
}
