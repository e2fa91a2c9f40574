/**
 * The Teams host: initialise TeamsJS when the page runs inside Teams, and report what it told us.
 * Outside Teams (a normal browser in local development) initialisation is skipped or fails within a
 * few seconds, and the page says so instead of hanging.
 *
 * TeamsJS is loaded only when the page is framed: on import it prefetches its list of valid origins
 * from res.cdn.office.net, which outside Teams (offline, local development) is a failed request and a
 * console error. esbuild keeps the dynamically imported module in the one bundle but evaluates it
 * only on the first call.
 */
type TeamsJs = typeof import('./teams-sdk');

let loaded: Promise<TeamsJs> | undefined;

/** TeamsJS, evaluated on first use (only ever called when the page is framed by a host). */
export function teamsJs(): Promise<TeamsJs> {
  loaded ??= import('./teams-sdk');
  return loaded;
}

export interface Host {
  readonly inTeams: boolean;
  /** TeamsJS was tried (the page is framed) and failed. */
  readonly failed: boolean;
  readonly frameContext?: string;
  readonly locale?: string;
  readonly theme?: string;
  /** The configured tab's entity id (our case id) in channel and meeting tabs. */
  readonly entityId?: string;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        window.clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        window.clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export async function connectToTeams(timeoutMs = 5000): Promise<Host> {
  const framed = window.parent !== window || 'nativeInterface' in window;
  if (!framed) return { inTeams: false, failed: false };
  try {
    const { app } = await teamsJs();
    await withTimeout(app.initialize(), timeoutMs);
    const ctx = await withTimeout(app.getContext(), timeoutMs);
    return {
      inTeams: true,
      failed: false,
      frameContext: ctx.page.frameContext,
      locale: ctx.app.locale,
      theme: ctx.app.theme,
      entityId: ctx.page.id,
    };
  } catch {
    return { inTeams: false, failed: true };
  }
}

export async function onThemeChange(handler: (theme: string) => void): Promise<void> {
  (await teamsJs()).app.registerOnThemeChangeHandler(handler);
}

/** The Teams SSO token for our API (TeamsJS caches and renews it). */
export async function teamsToken(): Promise<string> {
  return (await teamsJs()).authentication.getAuthToken();
}

/** Shares the stage view of a case to the meeting stage (meeting side panel only). */
export async function shareToStage(url: string): Promise<void> {
  const { meeting } = await teamsJs();
  return new Promise((resolve, reject) => {
    meeting.shareAppContentToStage((err) => (err ? reject(new Error(err.message ?? 'share failed')) : resolve()), url);
  });
}

export async function notifyAppLoaded(): Promise<void> {
  (await teamsJs()).app.notifySuccess();
}
