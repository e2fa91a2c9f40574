/**
 * The child's own voice where the plan is shown (side panel plan form, stage): the child's rating
 * per area beside the plan's level, and the child's wish for lead professional. Nothing is shown
 * where the viewer's categories do not let them see it (the server leaves it out).
 */
import { announce, fluentButton, h } from '../dom';
import type { Session } from '../session';
import type { CaseView, VoiceRecord } from '../types';
import { face } from './child-voice';

export function childRecord(d: CaseView): VoiceRecord | undefined {
  return d.voice?.records.find((r) => r.speaker === 'child');
}

/** A small face and word: "Child: Good", or null when the child has not rated the area. */
export function childRatingBadge(t: Session['t'], d: CaseView, areaId: string): HTMLElement | null {
  const rating = childRecord(d)?.areas[areaId]?.rating ?? null;
  if (rating === null) return null;
  return h(
    'span',
    { class: 'child-rating', 'data-child-rating': rating },
    face(rating, 24),
    t('voice.inPlan', { rating: t(`voice.ratings.${rating}`) }),
  );
}

/** The badge per area, for the plan form. */
export function childRatings(d: CaseView, t: Session['t']): (areaId: string) => HTMLElement | null {
  return (areaId) => childRatingBadge(t, d, areaId);
}

/**
 * The way into the child's view from the side panel (a consented case): a link that opens it here
 * and, in a meeting, a button that shares it to the meeting stage. Guests without an account cannot
 * load the stage: then the professional shares their screen (the hint says so).
 */
export function childViewEntry(s: Session, caseId: string, share?: () => Promise<void>): HTMLElement {
  const { t } = s;
  // The language goes along (outside Teams it is the page's choice, as from the personal tab).
  const url = `/tab/child?caseId=${encodeURIComponent(caseId)}&lang=${s.locale}`;
  return h(
    'div',
    { class: 'child-view-entry' },
    h('a', { href: url, id: 'open-child-view', class: 'child-view-link' }, t('voice.open')),
    share
      ? fluentButton(
          {
            id: 'share-child-view',
            onclick: () =>
              void share().then(
                () => announce(t('tab.shared')),
                () => announce(t('tab.errors.share')),
              ),
          },
          t('voice.share'),
        )
      : null,
    h('p', { class: 'hint' }, t('voice.openHint')),
  );
}
