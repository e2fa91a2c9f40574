/**
 * The table of contents: every chat command, card verb and Teams event the bot answers, one line
 * each. Commands match Swedish words with English aliases, case-insensitively, among extra words.
 */
import type { AnyVerbRoute } from './verb';
import { assessmentVerbs } from './handlers/assessment-forms';
import { caseVerbs } from './handlers/case-view';
import { commandHandlers, type CommandHandler } from './handlers/commands';
import { consentVerbs } from './handlers/consent';
import { consentSheetVerbs } from './handlers/consent-sheet';
import { consultationVerbs } from './handlers/consultation';
import { helpCard } from './handlers/help';
import { meetingVerbs } from './handlers/meeting';
import { planVerbs } from './handlers/plan';
import { familyPdfVerbs } from './handlers/family-pdf';
import { followUpVerbs } from './handlers/follow-up';
import { handoverVerbs } from './handlers/handover';
import { unitVerbs } from './handlers/unit-choice';
import { consultVerbs } from './handlers/consult';
import { outcomeVerbs } from './handlers/outcome';
import { groupConsultationVerbs } from './handlers/group-consultation';
import { groupActionVerbs } from './handlers/group-actions';
import { verb } from './verb';
import type { TFunction } from 'i18next';
import { z } from 'zod';

export interface CommandRoute {
  readonly id: keyof typeof commandHandlers;
  readonly aliases: readonly string[];
  readonly run: CommandHandler;
}

const command = (id: keyof typeof commandHandlers, aliases: readonly string[]): CommandRoute => ({
  id,
  aliases,
  run: commandHandlers[id],
});

export const commands: readonly CommandRoute[] = [
  command('help', ['hjälp', 'help', '?', 'vad kan du']),
  command('newConsultation', ['ny konsultation', 'new consultation', 'konsultation', 'consultation', 'konsultera']),
  command('groupConsultation', [
    'gruppkonsultation',
    'ny gruppkonsultation',
    'group consultation',
    'new group consultation',
    'grupp',
    'group',
  ]),
  command('myCases', ['mina ärenden', 'my cases', 'ärenden', 'cases']),
  command('openCase', ['öppna ärende', 'open case', 'öppna', 'visa ärende', 'show case', 'ärende', 'case']),
  command('fiveQuestions', ['fem frågor', 'five questions', 'frågorna', 'questions']),
  command('wheel', ['välbefinnandehjulet', 'hjulet', 'wellbeing wheel', 'wheel', 'hjul']),
  command('recordConsent', ['registrera samtycke', 'record consent', 'samtycke', 'consent']),
  command('withdrawConsent', ['återkalla samtycke', 'withdraw consent', 'återkalla', 'withdraw']),
  command('report', ['orosanmälan', 'anmälningsplikt', 'anmälningsskyldighet', 'duty to report', 'report concern']),
  command('callMeeting', ['kalla till möte', 'samverkansmöte', 'call meeting', 'barnteam', 'möte', 'meeting']),
  command('plan', ['barnets plan', 'plan', "child's plan", 'childs plan']),
  command('followUp', ['uppföljning', 'följ upp', 'follow-up', 'follow up', 'followup']),
  command('handover', ['överlämna', 'överlämning', 'lämna över', 'hand over', 'handover']),
  command('language', ['språk', 'language']),
  command('unit', ['enhet', 'byt enhet', 'min enhet', 'unit', 'switch unit', 'my unit']),
  command('consult', ['konsultera', 'bjud in konsult', 'consult']),
  command('outcome', ['utfall', 'outcome']),
];

/** Every verb a handler module defines: the table below must route each of them (a compile error otherwise). */
type HandlerVerb =
  | keyof typeof caseVerbs
  | keyof typeof consultationVerbs
  | keyof typeof consentVerbs
  | keyof typeof consentSheetVerbs
  | keyof typeof assessmentVerbs
  | keyof typeof meetingVerbs
  | keyof typeof planVerbs
  | keyof typeof familyPdfVerbs
  | keyof typeof followUpVerbs
  | keyof typeof handoverVerbs
  | keyof typeof unitVerbs
  | keyof typeof consultVerbs
  | keyof typeof outcomeVerbs
  | keyof typeof groupConsultationVerbs
  | keyof typeof groupActionVerbs;

/** Every card verb (Action.Execute / Action.Submit `verb`), by its full name. */
const verbTable = {
  'help.show': verb({ schema: () => z.object({}).loose(), handle: async (turn) => helpCard(turn.t) }),
  'cases.list': caseVerbs['cases.list'],
  'case.open': caseVerbs['case.open'],
  'case.close': caseVerbs['case.close'],
  'case.closeSubmit': caseVerbs['case.closeSubmit'],
  'case.refresh': caseVerbs['case.refresh'],
  'consultation.open': consultationVerbs['consultation.open'],
  'consultation.draft': consultationVerbs['consultation.draft'],
  'consultation.submit': consultationVerbs['consultation.submit'],
  'consent.open': consentVerbs['consent.open'],
  'consent.draft': consentVerbs['consent.draft'],
  'consent.submit': consentVerbs['consent.submit'],
  'consent.list': consentVerbs['consent.list'],
  'consent.withdraw': consentVerbs['consent.withdraw'],
  'consent.sheet': consentSheetVerbs['consent.sheet'],
  'questions.open': assessmentVerbs['questions.open'],
  'questions.draft': assessmentVerbs['questions.draft'],
  'questions.submit': assessmentVerbs['questions.submit'],
  'wheel.open': assessmentVerbs['wheel.open'],
  'wheel.draft': assessmentVerbs['wheel.draft'],
  'wheel.submit': assessmentVerbs['wheel.submit'],
  'meeting.open': meetingVerbs['meeting.open'],
  'meeting.suggest': meetingVerbs['meeting.suggest'],
  'meeting.submit': meetingVerbs['meeting.submit'],
  'meeting.status': meetingVerbs['meeting.status'],
  'plan.open': planVerbs['plan.open'],
  'plan.status': planVerbs['plan.status'],
  'plan.save': planVerbs['plan.save'],
  'plan.agree': planVerbs['plan.agree'],
  'plan.familyPdf': familyPdfVerbs['plan.familyPdf'],
  'followUp.open': followUpVerbs['followUp.open'],
  'followUp.record': followUpVerbs['followUp.record'],
  'handover.open': handoverVerbs['handover.open'],
  'handover.offer': handoverVerbs['handover.offer'],
  'handover.accept': handoverVerbs['handover.accept'],
  'handover.decline': handoverVerbs['handover.decline'],
  'unit.open': unitVerbs['unit.open'],
  'unit.choose': unitVerbs['unit.choose'],
  'consult.open': consultVerbs['consult.open'],
  'consult.submit': consultVerbs['consult.submit'],
  'consult.take': consultVerbs['consult.take'],
  'outcome.open': outcomeVerbs['outcome.open'],
  'outcome.submit': outcomeVerbs['outcome.submit'],
  'group.open': groupConsultationVerbs['group.open'],
  'group.submit': groupConsultationVerbs['group.submit'],
  'group.actionsOpen': groupActionVerbs['group.actionsOpen'],
  'group.saveActions': groupActionVerbs['group.saveActions'],
} satisfies Record<HandlerVerb | 'help.show', AnyVerbRoute>;

export const cardVerbs: ReadonlyMap<string, AnyVerbRoute> = new Map<string, AnyVerbRoute>(Object.entries(verbTable));

/** Every card verb with a handler (templates and routes are checked against each other). */
export const routedVerbs: readonly string[] = [...cardVerbs.keys()];

/** Teams events: on install the bot introduces itself with the help card. */
export const events = {
  installationAdd: (t: TFunction) => helpCard(t),
} as const;
