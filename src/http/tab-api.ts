/**
 * The meeting tab's API (the side panel and stage call it). Every route resolves the caller from a
 * validated token (tab-auth.ts) and works through the repositories built for that actor, so access
 * and audit are the same as in chat. A case the caller may not see — not a party, or a party whose
 * unit no consent in force covers — is 404 on every route.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Repositories } from '../app/ports';
import { questionsFor, wheelFor, type World } from '../app/world';
import { worryLevels } from '../domain/assessment';
import { consentCovers } from '../domain/consent';
import { invalid, isDomainError, notFound } from '../domain/errors';
import type { Clock } from '../domain/ports';
import type { Database } from '../storage/database';
import { repositoriesFor } from '../storage/repositories';
import { sendDomainError } from './http-errors';
import { tabCaller, type TabAuthOptions } from './tab-auth';

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
}

const areaSchema = z.strictObject({
  level: z.enum(worryLevels).optional(),
  strengths: z.string().max(2000),
  worries: z.string().max(2000),
  childView: z.string().max(2000),
});
const assessmentSchema = z.strictObject({
  version: z.number().int().min(0),
  answers: z.record(z.string().regex(/^q[1-9]$/), z.string().max(4000)),
  areas: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), areaSchema),
});

/** The case as this caller may see it; NotFound when consent does not cover the caller's unit. */
async function visibleCase(repos: Repositories, caseId: string, orgUnitId: string, now: Date) {
  const kase = await repos.cases.getCase(caseId);
  if (kase.kind === 'consented' && kase.orgUnitId !== orgUnitId && !consentCovers(await repos.consents.listConsents(caseId), orgUnitId, now)) throw notFound();
  return kase;
}

export function mountTabApi(server: Server, deps: TabApiDeps): void {
  const unitName = (id: string) => deps.world.orgUnits.find((u) => u.id === id)?.name ?? id;

  function route(handler: (repos: Repositories, req: Request, orgUnitId: string, locale: 'sv' | 'en') => Promise<unknown>) {
    return async (req: Request, res: Response): Promise<void> => {
      res.setHeader('cache-control', 'no-store');
      const caller = await tabCaller(req, deps.auth);
      if (!caller.ok) {
        res.send(caller.status, { error: caller.reason });
        return;
      }
      const repos = repositoriesFor(deps.db, caller.actor, req.id(), deps.clock);
      const locale = String(req.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'sv';
      try {
        const result = await handler(repos, req, caller.actor.orgUnitId, locale);
        if (result instanceof Reply) res.send(result.status, result.body);
        else res.send(200, result);
      } catch (err) {
        if (!sendDomainError(res, err)) throw err;
      }
    };
  }

  server.get('/api/tab/cases', route(async (repos) => ({ cases: await repos.cases.listMyCases() })));

  server.get('/api/tab/cases/:caseId', route(async (repos, req, unit, locale) => {
    const caseId = String(req.params.caseId);
    const kase = await visibleCase(repos, caseId, unit, deps.clock.now());
    const parties = await repos.parties.listParties(caseId);
    const wheel = wheelFor(deps.world, kase.orgUnitId);
    return {
      id: kase.id, reference: kase.reference, kind: kase.kind, stage: kase.stage,
      participants: parties.map((p) => ({ name: p.displayName, orgUnit: unitName(p.orgUnitId), role: p.role })),
      questions: questionsFor(deps.world, kase.orgUnitId).map((q) => ({ id: q.id, text: q.text[locale] })),
      wheel: { name: wheel.name[locale], areas: wheel.areas.map((a) => ({ id: a.id, label: a.label[locale], description: a.description[locale], safety: a.safety })) },
      assessments: (await repos.assessments.listAssessments(caseId)).map((a) => ({ author: a.authorName, orgUnit: unitName(a.authorOrgUnitId), version: a.version, updatedAt: a.updatedAt, answers: a.answers, areas: a.areas })),
    };
  }));

  server.put('/api/tab/cases/:caseId/assessment', route(async (repos, req, unit) => {
    const caseId = String(req.params.caseId);
    await visibleCase(repos, caseId, unit, deps.clock.now());
    const body = assessmentSchema.safeParse(req.body);
    if (!body.success) throw invalid(String(body.error.issues[0]?.path[0] ?? 'body'));
    try {
      const saved = await repos.assessments.saveAssessment(caseId, { answers: body.data.answers, areas: body.data.areas }, body.data.version);
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

  server.get('/api/tab/cases/:caseId/changes', route(async (repos, req, unit) => {
    const caseId = String(req.params.caseId);
    await visibleCase(repos, caseId, unit, deps.clock.now());
    const assessments = await repos.assessments.listAssessments(caseId);
    const latest = assessments.reduce((m, a) => Math.max(m, a.updatedAt.getTime()), 0);
    return { latest: latest ? new Date(latest).toISOString() : null };
  }));
}
