/**
 * The tab's entry point: connect to Teams (or notice we are in a plain browser), sign in, pick the
 * view from the page and the Teams frame context, and start it.
 *
 * Views: /tab/personal (my cases), /tab/meeting (side panel or stage, from the frame context),
 * /tab/sidepanel and /tab/stage (explicitly, e.g. in local development), /tab/channel (the plan),
 * /tab/child (the child's own voice, filled in with the child; opened from the side panel),
 * /tab/config (the configurable tab's settings page).
 */
import './styles.css';
import { translator } from '../i18n';
import { h, replace, fluentButton } from './dom';
import { applyTheme, fluentReady } from './fluent';
import { readValue } from './controls';
import { selectField } from './fields';
import { devSession, localeFor, personaKey, teamsSession, type Session } from './session';
import { connectToTeams, notifyAppLoaded, onThemeChange, shareToStage, type Host } from './teams';
import { CasePanel } from './views/case-panel';
import { ChildVoiceView } from './views/child-voice';
import { channelView } from './views/channel';
import { configView } from './views/config';
import { personalView } from './views/personal';
import { StageView } from './views/stage';

interface Persona {
  objectId: string;
  name: string;
  orgUnit: string;
  roles: string[];
}

/** The persona offered first: a professional (the tab's everyday user), not whoever sorts first (the admin). */
function defaultPersona(personas: readonly Persona[]): Persona | undefined {
  return personas.find((p) => p.roles.includes('professional')) ?? personas[0];
}

/** Local development: the persona to act as (?persona=…, remembered for this browser tab, or chosen). */
async function devPersona(root: HTMLElement, host: Host): Promise<Persona | null> {
  const t = translator(localeFor(host));
  const response = await fetch('/api/tab/dev/personas').catch(() => null);
  if (!response || !response.ok) {
    replace(
      root,
      h(
        'main',
        {},
        h('h1', {}, 'Samsyn'),
        h(
          'p',
          { class: 'status error', role: 'alert' },
          t(host.failed ? 'tab.errors.teamsFailed' : 'tab.errors.notInTeams'),
        ),
      ),
    );
    return null;
  }
  const { personas } = (await response.json()) as { personas: Persona[] };
  const asked = new URLSearchParams(window.location.search).get('persona') ?? window.sessionStorage.getItem(personaKey);
  const known = personas.find((p) => p.objectId === asked);
  if (known) {
    window.sessionStorage.setItem(personaKey, known.objectId);
    return known;
  }
  return new Promise((resolve) => {
    const choose = (ev: Event) => {
      ev.preventDefault();
      const chosen = document.getElementById('dev-persona');
      const picked = personas.find((p) => chosen !== null && p.objectId === readValue(chosen));
      if (!picked) return;
      window.sessionStorage.setItem(personaKey, picked.objectId);
      resolve(picked);
    };
    replace(
      root,
      h(
        'main',
        { class: 'dev-signin' },
        h('h1', {}, t('tab.dev.title')),
        h('p', {}, t('tab.dev.intro')),
        h(
          'form',
          { onsubmit: choose },
          selectField(
            'dev-persona',
            t('tab.dev.persona'),
            defaultPersona(personas)?.objectId ?? '',
            personas.map((p) => ({
              value: p.objectId,
              label: `${p.name} – ${p.orgUnit} (${p.roles.map((r) => t(`tab.actorRoles.${r}`)).join(', ')})`,
            })),
          ),
          fluentButton({ type: 'submit', appearance: 'primary' }, t('tab.dev.signIn')),
        ),
      ),
    );
  });
}

function devBanner(s: Session, persona: Persona): HTMLElement {
  return h(
    'div',
    { class: 'dev-banner', role: 'note' },
    s.t('tab.dev.banner', { name: persona.name, unit: persona.orgUnit }),
    ' ',
    fluentButton(
      {
        appearance: 'subtle',
        size: 'small',
        onclick: () => {
          window.sessionStorage.removeItem(personaKey);
          const url = new URL(window.location.href);
          url.searchParams.delete('persona');
          window.location.assign(url.toString());
        },
      },
      s.t('tab.dev.switch'),
    ),
  );
}

async function boot(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const requested = root.dataset.view ?? 'personal';
  const [host] = await Promise.all([connectToTeams(), fluentReady()]);
  // The theme Teams reports; outside Teams (local development) ?theme=default|dark|contrast, or the browser's preference.
  const askedTheme = host.inTeams ? undefined : (new URLSearchParams(window.location.search).get('theme') ?? undefined);
  applyTheme(
    host.theme ?? askedTheme ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default'),
  );
  if (host.inTeams) await onThemeChange(applyTheme);
  document.documentElement.lang = localeFor(host);

  let session: Session;
  let content = root;
  if (host.inTeams) {
    session = teamsSession(host);
  } else {
    const persona = await devPersona(root, host);
    if (!persona) return;
    session = devSession(host, persona.objectId);
    content = h('div', { id: 'view' });
    replace(root, devBanner(session, persona), content);
  }
  document.title = `Samsyn – ${session.t(`tab.views.${requested === 'meeting' ? 'sidepanel' : requested}`)}`;

  const caseId = new URLSearchParams(window.location.search).get('caseId') ?? host.entityId ?? '';
  const view = requested === 'meeting' ? (host.frameContext === 'meetingStage' ? 'stage' : 'sidepanel') : requested;
  const needsCase = view === 'sidepanel' || view === 'stage' || view === 'channel' || view === 'child';
  if (needsCase && !/^[0-9a-f-]{36}$/i.test(caseId)) {
    replace(content, h('main', {}, h('p', { class: 'status error', role: 'alert' }, session.t('tab.errors.noCase'))));
    return;
  }
  switch (view) {
    case 'sidepanel': {
      const stageUrl = `${window.location.origin}/tab/meeting?caseId=${encodeURIComponent(caseId)}`;
      await new CasePanel(
        content,
        session,
        caseId,
        host.inTeams && host.frameContext === 'sidePanel'
          ? {
              share: () => shareToStage(stageUrl),
              shareChild: () =>
                shareToStage(`${window.location.origin}/tab/child?caseId=${encodeURIComponent(caseId)}`),
            }
          : {},
      ).start();
      break;
    }
    case 'stage':
      await new StageView(content, session, caseId).start();
      break;
    case 'child':
      await new ChildVoiceView(content, session, caseId).start();
      break;
    case 'channel':
      await channelView(content, session, caseId);
      break;
    case 'config':
      await configView(content, session);
      break;
    default:
      await personalView(content, session);
  }
  if (host.inTeams) await notifyAppLoaded();
}

boot().catch(() => {
  // The last resort: say so on the page instead of leaving "Samsyn …" forever.
  const root = document.getElementById('app');
  if (root)
    replace(
      root,
      h(
        'main',
        {},
        h(
          'p',
          { class: 'status error', role: 'alert' },
          translator(localeFor({ inTeams: false, failed: false }))('tab.errors.unavailable'),
        ),
      ),
    );
});
