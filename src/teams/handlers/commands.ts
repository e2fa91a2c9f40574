/** Chat commands. Each returns the card to send; case commands find the case by its reference. */
import type { AdaptiveCard } from '../../cards/render';
import { translator } from '../../i18n';
import { referenceIn } from '../command-parser';
import type { Turn } from '../turn';
import { caseListCard, caseSummaryCard } from './case-view';
import { consultationVerbs } from './consultation';
import { assessmentVerbs } from './assessment-forms';
import { consentListCard, consentVerbs } from './consent';
import { helpCard, reportCard } from './help';
import { meetingVerbs } from './meeting';
import { planVerbs } from './plan';
import { followUpVerbs } from './follow-up';
import { handoverVerbs } from './handover';
import { messageCard } from './common';
import { unitChoiceCard } from './unit-choice';
import { openConsult } from './consult';
import { openOutcome } from './outcome';
import { groupConsultationCard } from './group-consultation';

export type CommandHandler = (turn: Turn, args: readonly string[]) => Promise<AdaptiveCard>;

/** The case named by a reference among my cases; without one, my only open case, else null. */
async function caseFromArgs(turn: Turn, args: readonly string[]): Promise<{ id: string } | { card: AdaptiveCard }> {
  const mine = await turn.repos.cases.listMyCases();
  const reference = referenceIn(args);
  if (reference !== undefined) {
    const found = mine.filter((c) => c.reference === reference);
    if (found.length === 1 && found[0]) return { id: found[0].id };
    if (found.length === 0) return { card: messageCard(turn.t, turn.t('bot.noCaseMatch', { reference }), []) };
  }
  const open = mine.filter((c) => c.stage !== 'closed');
  if (reference === undefined && open.length === 1 && open[0]) return { id: open[0].id };
  return { card: await caseListCard(turn) };
}

function onCase(run: (turn: Turn, caseId: string) => Promise<AdaptiveCard>): CommandHandler {
  return async (turn, args) => {
    const target = await caseFromArgs(turn, args);
    return 'card' in target ? target.card : run(turn, target.id);
  };
}

const consentWords = ['samtycke', 'consent', 'medgivande'];

export const commandHandlers = {
  help: async (turn) => helpCard(turn.t),
  newConsultation: async (turn, args) =>
    consultationVerbs['consultation.open'].handle(
      turn,
      { mode: args.some((a) => consentWords.includes(a)) ? 'consented' : 'anonymous' },
      {},
    ),
  groupConsultation: async (turn) => groupConsultationCard(turn, {}),
  myCases: async (turn) => caseListCard(turn),
  openCase: onCase((turn, id) => caseSummaryCard(turn, id)),
  fiveQuestions: onCase((turn, id) => requireRoute(assessmentVerbs['questions.open']).handle(turn, { caseId: id }, {})),
  wheel: onCase((turn, id) => requireRoute(assessmentVerbs['wheel.open']).handle(turn, { caseId: id }, {})),
  recordConsent: onCase((turn, id) => consentVerbs['consent.open'].handle(turn, { caseId: id }, {})),
  withdrawConsent: onCase((turn, id) => consentListCard(turn, id, '')),
  report: async (turn) => reportCard(turn.t),
  callMeeting: onCase((turn, id) => meetingVerbs['meeting.open'].handle(turn, { caseId: id }, {})),
  plan: onCase((turn, id) => planVerbs['plan.open'].handle(turn, { caseId: id }, {})),
  followUp: onCase((turn, id) => followUpVerbs['followUp.open'].handle(turn, { caseId: id }, {})),
  handover: onCase((turn, id) => handoverVerbs['handover.open'].handle(turn, { caseId: id }, {})),
  language: async (turn, args) => {
    const wanted = args.find((a) => ['english', 'engelska', 'en', 'svenska', 'swedish', 'sv'].includes(a));
    if (wanted === undefined) return messageCard(turn.t, turn.t('bot.languageHint'), []);
    const locale = ['english', 'engelska', 'en'].includes(wanted) ? 'en' : 'sv';
    await turn.setLocale(locale);
    return helpCard(translator(locale));
  },
  unit: async (turn) => unitChoiceCard(turn),
  consult: onCase((turn, id) => openConsult(turn, id)),
  outcome: onCase((turn, id) => openOutcome(turn, id)),
} satisfies Record<string, CommandHandler>;

function requireRoute<T>(route: T | undefined): T {
  if (route === undefined) throw new Error('route missing');
  return route;
}
