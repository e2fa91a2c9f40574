/** The channel tab: the case's current plan, read-only, for the parties in the plan channel. */
import { h, replace } from '../dom';
import { watchCase } from '../events';
import type { Session } from '../session';
import type { CaseView } from '../types';
import { planSummary } from './stage';

export async function channelView(root: HTMLElement, s: Session, caseId: string): Promise<void> {
  const load = async () => {
    const r = await s.request<CaseView>('GET', `/api/tab/cases/${encodeURIComponent(caseId)}`);
    if (!r.ok) {
      replace(root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, s.problem(r))));
      return;
    }
    replace(
      root,
      h(
        'main',
        { class: 'channel' },
        h('h1', {}, s.t('case.title', { reference: r.body.reference })),
        planSummary(r.body, s),
      ),
    );
  };
  await load();
  watchCase(
    s,
    caseId,
    () => void load(),
    () => undefined,
  );
}
