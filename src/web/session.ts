/**
 * Who the tab speaks for and in which language, and the one way it calls our API. In Teams the
 * caller is the Teams SSO token; in local development (DEV_AUTH on a loopback server) a chosen
 * development persona. The locale follows Teams (or the browser), Swedish first.
 */
import type { TFunction } from 'i18next';
import { toLocale, translator, type Locale } from '../i18n';
import { teamsToken, type Host } from './teams';

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly body: { error?: string; field?: string; fields?: string[]; reason?: string; current?: unknown };
    };

export class Session {
  readonly t: TFunction;

  constructor(
    readonly host: Host,
    readonly locale: Locale,
    private readonly credentials: () => Promise<Record<string, string>>,
  ) {
    this.t = translator(locale);
  }

  headers(): Promise<Record<string, string>> {
    return this.credentials();
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          ...(await this.credentials()),
          'accept-language': this.locale,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, status: 0, body: { error: 'Network' } };
    }
    const parsed = (await response.json().catch(() => ({}))) as unknown;
    return response.ok
      ? { ok: true, status: response.status, body: parsed as T }
      : { ok: false, status: response.status, body: parsed as { error?: string } };
  }

  /** A user-facing message for a failed call, in the session's language. */
  problem(result: { status: number; body: { error?: string; reason?: string } }): string {
    const { t } = this;
    if (result.status === 0) return t('tab.errors.network');
    if (result.status === 401 || result.status === 403) return t('tab.errors.signIn');
    if (result.status === 404) return t('tab.errors.notFound');
    if (result.status === 400)
      return t(result.body.reason === 'unstorable' ? 'tab.errors.unstorable' : 'tab.errors.invalid');
    if (result.status === 409) return t('tab.errors.conflict');
    return t('tab.errors.unavailable');
  }
}

export const personaKey = 'samsyn.devPersona';

export function localeFor(host: Host): Locale {
  const asked = new URLSearchParams(window.location.search).get('lang') ?? undefined;
  return toLocale(host.locale ?? asked ?? navigator.language, 'sv');
}

export function teamsSession(host: Host): Session {
  return new Session(host, localeFor(host), async () => ({ authorization: `Bearer ${await teamsToken()}` }));
}

export function devSession(host: Host, personaObjectId: string): Session {
  return new Session(host, localeFor(host), async () => ({ 'x-samsyn-dev-persona': personaObjectId }));
}
