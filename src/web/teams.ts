/**
 * The Teams host: initialise TeamsJS when the page runs inside Teams, and report what it told us.
 * Outside Teams (a normal browser in local development) initialisation is skipped or fails within a
 * few seconds, and the page says so instead of hanging.
 */
import { app, authentication, meeting } from '@microsoft/teams-js';

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
    await withTimeout(app.initialize(), timeoutMs);
    const ctx = await withTimeout(app.getContext(), timeoutMs);
    return { inTeams: true, failed: false, frameContext: ctx.page.frameContext, locale: ctx.app.locale, theme: ctx.app.theme, entityId: ctx.page.id };
  } catch {
    return { inTeams: false, failed: true };
  }
}

export function onThemeChange(handler: (theme: string) => void): void {
  app.registerOnThemeChangeHandler(handler);
}

/** The Teams SSO token for our API (TeamsJS caches and renews it). */
export function teamsToken(): Promise<string> {
  return authentication.getAuthToken();
}

/** Shares the stage view of a case to the meeting stage (meeting side panel only). */
export function shareToStage(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    meeting.shareAppContentToStage((err) => (err ? reject(new Error(err.message ?? 'share failed')) : resolve()), url);
  });
}

export async function notifyAppLoaded(): Promise<void> {
  app.notifySuccess();
}
