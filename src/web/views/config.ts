/**
 * The configurable tab's settings page (channel, chat and meeting tabs): the user picks one of
 * their cases; the tab then opens that case. The tab's name is the case reference, never a child's name.
 */
import { h, replace } from '../dom';
import { readValue } from '../controls';
import { selectField } from '../fields';
import type { Session } from '../session';
import { teamsJs } from '../teams';
import type { CaseSummary } from '../types';

export async function configView(root: HTMLElement, s: Session): Promise<void> {
  const { t } = s;
  const r = await s.request<{ cases: CaseSummary[] }>('GET', '/api/tab/cases');
  if (!r.ok) {
    replace(root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, s.problem(r))));
    return;
  }
  const cases = r.body.cases.filter((c) => c.stage !== 'closed');
  replace(
    root,
    h(
      'main',
      { class: 'config' },
      h('h1', {}, t('tab.config.title')),
      h('p', {}, t('tab.config.intro')),
      selectField('config-case', t('tab.config.case'), '', [
        { value: '', label: t('form.choose') },
        ...cases.map((c) => ({ value: c.id, label: t('case.title', { reference: c.reference }) })),
      ]),
    ),
  );
  const select = document.getElementById('config-case') as HTMLElement;
  if (!s.host.inTeams) return;
  const { pages } = await teamsJs();
  pages.config.registerOnSaveHandler((event) => {
    const chosen = cases.find((c) => c.id === readValue(select));
    if (!chosen) {
      event.notifyFailure(t('validation.required'));
      return;
    }
    const url = `${window.location.origin}/tab/meeting?caseId=${encodeURIComponent(chosen.id)}`;
    pages.config
      .setConfig({
        contentUrl: url,
        websiteUrl: url,
        entityId: chosen.id,
        suggestedDisplayName: `Samsyn ${chosen.reference}`,
      })
      .then(
        () => event.notifySuccess(),
        () => event.notifyFailure(t('tab.errors.unavailable')),
      );
  });
  select.addEventListener('change', () => pages.config.setValidityState(readValue(select) !== ''));
}
