import type { TFunction } from 'i18next';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { messageCard, textsFor } from './common';

const commandKeys = [
  'help',
  'newConsultation',
  'group',
  'myCases',
  'openCase',
  'fiveQuestions',
  'wheel',
  'recordConsent',
  'withdrawConsent',
  'callMeeting',
  'plan',
  'followUp',
  'handover',
  'report',
  'language',
  'unit',
  'consult',
  'outcome',
];

export function helpCard(t: TFunction): AdaptiveCard {
  return render(cards.help, {
    t: {
      ...textsFor(t, 'help', ['title', 'intro', 'newAnonymous', 'newConsented', 'newGroup', 'myCases', 'myUnit']),
      reportNotice: t('report.notice'),
    },
    commands: commandKeys.map((k) => {
      const [name = '', description = ''] = t(`commands.${k}`).split(' – ');
      return { name, description };
    }),
  });
}

/** What the duty to report (orosanmälan) means and where to report. Never a replacement. */
export function reportCard(t: TFunction): AdaptiveCard {
  return messageCard(t, t('report.title'), [t('report.p1'), t('report.p2')], t('report.p3'));
}
