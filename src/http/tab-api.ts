/**
 * The meeting tab's API (the side panel and stage call it). Every route resolves the caller from a
 * validated token (tab-auth.ts) and works through the repositories built for that actor, so access
 * and audit are the same as in chat. A case the caller may not see — not a party, or a party whose
 * unit no consent in force covers — is 404 on every route.
 */
import type { Request, Response, Server } from 'restify';
import type { UseCaseContext } from '../app/context';
import { splitByWheel } from '../app/assessment-input';
import { assessmentPutSchema, planPutSchema, type CaseSummary, type CaseView, type PlanSaved, type PlanView } from '../contracts/tab-api';
import { saveAssessment } from '../app/save-assessment';
import { savePlan } from '../app/save-plan';
import { questionsFor, wheelFor, wheelRecordedWith, type World } from '../app/world';
import { invalid, isDomainError } from '../domain/errors';
import { firstUnstorablePath } from '../domain/storable';
import type { PlanVersion } from '../domain/plan';
import type { Clock } from '../domain/ports';
import type { Database } from '../storage/database';
import { listAllMembers } from '../storage/organisations';
import { requestScope } from '../storage/request-scope';
import { mountCaseEvents } from './case-events';
import type { CaseWatcher } from './case-watch';
import { sendDomainError } from './http-errors';
import { guardTabAssessment } from './tab-anonymity';
import { fromLocalBrowser } from './loopback';
import { requireTabCaller, type TabAuthOptions } from './tab-auth';

/** A reply other than 200 that is not an error of ours (e.g. a conflict carrying both versions). */
class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export interface TabApiDeps {
  readonly db: Database;
  readonly world: World;
  readonly clock: Clock;
  readonly auth: TabAuthOptions;
  readonly watcher: CaseWatcher;
  /** How often an idle event stream sends a comment (keeps proxies from closing it). */
  readonly heartbeatMs?: number;
  /** How often an open event stream re-checks access without an event (an expiry is not one); at most 30 s. */
  readonly accessRecheckMs?: number;
}

function planView(p: PlanVersion | null): PlanView | null {
  return p && { version: p.version, agreed: p.agreed, authorName: p.authorName, createdAt: p.createdAt.toISOString(), content: p.content };
}


export function mountTabApi(server: Server, deps: TabApiDeps): void {
  const unitName = (id: string) => deps.world.orgUnits.find((u) => u.id === id)?.name ?? id;

  // Each request runs in one unit of work: its use case's writes, jobs and audit rows commit together.
  function route(handler: (ctx: UseCaseContext, req: Request, locale: 'sv' | 'en') => Promise<unknown>) {
    return async (req: Request, res: Response): Promise<void> => {
      const actor = await requireTabCaller(req, res, deps.auth);
      if (!actor) return;
      const scope = requestScope(deps.db, actor, req.id(), deps.clock, deps.world);
      const locale = String(req.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'sv';
      try {
        // Text the database cannot hold (NUL, a lone surrogate) is named before anything is read or stored.
        const unstorable = firstUnstorablePath(req.body);
        if (unstorable !== null) throw invalid(unstorable.replace(/^plan\./, ''), 'unstorable');
        const result = await scope.run(() => handler(scope.ctx, req, locale));
        if (result instanceof Reply) res.send(result.status, result.body);
        else res.send(200, result);
      } catch (err) {
        if (!sendDomainError(res, err)) throw err;
      }
    };
  }

  server.get('/api/tab/cases', route(async ({ repos }): Promise<{ cases: CaseSummary[] }> => ({ cases: (await repos.cases.listMyCases()).map((c) => ({ ...c, myRoles: [...c.myRoles], updatedAt: c.updatedAt.toISOString() })) })));

  server.get('/api/tab/cases/:caseId', route(async ({ repos, actor: me }, req, locale): Promise<CaseView> => {
    const caseId = String(req.params.caseId);
    const kase = await repos.cases.getCase(caseId);
    const parties = await repos.parties.listParties(caseId);
    const wheel = wheelFor(deps.world, kase.orgUnitId);
    const seen = new Set<string>();
    const isMe = (tenantId: string, objectId: string) => tenantId === me.tenantId && objectId === me.objectId;
    return {
      id: kase.id, reference: kase.reference, kind: kase.kind, stage: kase.stage,
      me: { objectId: me.objectId, displayName: me.displayName, orgUnit: unitName(me.orgUnitId) },
      participants: parties.map((p) => ({ objectId: p.objectId, name: p.displayName, orgUnit: unitName(p.orgUnitId), role: p.role })),
      people: parties.filter((p) => !seen.has(p.objectId) && seen.add(p.objectId)).map((p) => ({ objectId: p.objectId, name: p.displayName, orgUnit: unitName(p.orgUnitId) })),
      units: deps.world.orgUnits.map((u) => ({ id: u.id, name: u.name })),
      questions: questionsFor(deps.world, kase.orgUnitId).map((q) => ({ id: q.id, text: q.text[locale] })),
      wheel: { name: wheel.name[locale], areas: wheel.areas.map((a) => ({ id: a.id, label: a.label[locale], description: a.description[locale], safety: a.safety })) },
      assessments: (await repos.assessments.listAssessments(caseId)).map((a) => {
        // The case's wheel; areas recorded earlier with another wheel are shown apart, as recorded.
        const { own, other } = splitByWheel(a.areas, wheel);
        const earlier = Object.keys(other).length > 0 ? wheelRecordedWith(deps.world, Object.keys(other), a.authorOrgUnitId) : null;
        return {
          mine: isMe(a.authorTenantId, a.authorObjectId), author: a.authorName, orgUnit: unitName(a.authorOrgUnitId), version: a.version, updatedAt: a.updatedAt.toISOString(), answers: { ...a.answers }, areas: own,
          earlierWheel: earlier && { name: earlier.name[locale], areas: Object.entries(other).map(([id, v]) => ({ id, label: earlier.areas.find((x) => x.id === id)?.label[locale] ?? id, ...v })) },
        };
      }),
      // A plan exists only for a consented case (no plan is shared without consent).
      plan: kase.kind === 'consented' ? planView(await repos.plans.getCurrentPlan(caseId)) : null,
      canPlan: kase.kind === 'consented',
    };
  }));

  server.put('/api/tab/cases/:caseId/assessment', route(async (ctx, req, locale) => {
    const { repos, actor: me } = ctx;
    const caseId = String(req.params.caseId);
    const kase = await repos.cases.getCase(caseId);
    const body = assessmentPutSchema.safeParse(req.body);
    if (!body.success) throw invalid(String(body.error.issues[0]?.path[0] ?? 'body'));
    if (kase.kind === 'anonymous') {
      const refused = guardTabAssessment(body.data, locale, { orgUnitId: me.orgUnitId, orgUnits: deps.world.orgUnits }, body.data.confirmNames === true);
      if (refused !== null) return new Reply(refused.status, refused.body);
    }
    try {
      const saved = await saveAssessment(ctx, caseId, kase.orgUnitId, { answers: body.data.answers, areas: body.data.areas }, body.data.version);
      return { version: saved.version };
    } catch (err) {
      // A stale save: the stored version goes back with the 409, the client keeps its own text.
      if (isDomainError(err) && err.code === 'Conflict') {
        const current = await repos.assessments.getMyAssessment(caseId);
        return new Reply(409, { error: 'Conflict', current: current && { version: current.version, answers: current.answers, areas: current.areas, updatedAt: current.updatedAt } });
      }
      throw err;
    }
  }));

  server.put('/api/tab/cases/:caseId/plan', route(async (ctx, req) => {
    const caseId = String(req.params.caseId);
    await ctx.repos.cases.getCase(caseId);
    const body = planPutSchema.safeParse(req.body);
    if (!body.success) throw invalid(body.error.issues[0]?.path.filter((k) => k !== 'plan').join('.') || 'body');
    try {
      const r = await savePlan(ctx, caseId, body.data.plan, body.data.version, body.data.agree);
      if (r.kind === 'incomplete') return new Reply(400, { error: 'Invalid', fields: r.problems });
      return { version: r.version.version, agreed: r.agreed, awaitsLead: r.awaitsLead } satisfies PlanSaved;
    } catch (err) {
      // A stale save: the stored plan goes back with the 409, the client keeps its own text.
      if (isDomainError(err) && err.code === 'Conflict') return new Reply(409, { error: 'Conflict', current: planView(await ctx.repos.plans.getCurrentPlan(caseId)) });
      throw err;
    }
  }));

  server.get('/api/tab/cases/:caseId/changes', route(async ({ repos }, req) => {
    const caseId = String(req.params.caseId);
    const assessments = await repos.assessments.listAssessments(caseId);
    const latest = assessments.reduce((m, a) => Math.max(m, a.updatedAt.getTime()), 0);
    return { latest: latest ? new Date(latest).toISOString() : null };
  }));

  mountCaseEvents(server, deps);

  // Local development only: the personas the browser may sign in as (DEV_AUTH, loopback callers).
  server.get('/api/tab/dev/personas', async (req: Request, res: Response) => {
    if (!deps.auth.devAuth || !fromLocalBrowser(req)) {
      res.send(404, { error: 'NotFound' });
      return;
    }
    const members = await listAllMembers(deps.db);
    res.send(200, { personas: members.map((m) => ({ objectId: m.objectId, name: m.displayName, orgUnit: unitName(m.orgUnitId), roles: m.roles })) });
  });
}
