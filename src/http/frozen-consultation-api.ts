/**
 * The anonymous phase frozen at conversion, in the tab (issue 17): a consultee of a unit the consent
 * does not cover lists and reads what the consultation was when it became a consented case, read-only.
 * The storage door decides who (anyone else: 404) and audits every read.
 */
import { agendaQuestionsFor, unitNameOf, wheelFor } from '../app/world';
import type { FrozenConsultationSummary, FrozenConsultationView } from '../contracts/tab-api';
import type { RouteContext, RouteInput } from './route-kit';
import type { caseParams } from './tab-api';
import type { z } from 'zod';

export async function listFrozenConsultations({
  repos,
}: RouteContext): Promise<{ consultations: FrozenConsultationSummary[] }> {
  const frozen = await repos.frozenConsultations.listFrozenConsultations();
  return {
    consultations: frozen.map((f) => ({ caseId: f.caseId, reference: f.reference, takenAt: f.takenAt.toISOString() })),
  };
}

export async function openFrozenConsultation(
  ctx: RouteContext,
  { params }: RouteInput<z.infer<typeof caseParams>, undefined, undefined>,
): Promise<FrozenConsultationView> {
  const { repos, world, locale } = ctx;
  const f = await repos.frozenConsultations.getFrozenConsultation(params.caseId);
  const wheel = wheelFor(world, f.orgUnitId);
  const areaLabel = (id: string) => wheel.areas.find((a) => a.id === id)?.label[locale] ?? id;
  return {
    caseId: f.caseId,
    reference: f.reference,
    takenAt: f.takenAt.toISOString(),
    orgUnit: unitNameOf(world, f.orgUnitId),
    details: {
      ageBand: f.details.ageBand ?? null,
      schoolYear: f.details.schoolYear ?? null,
      worryAreas: f.details.worryAreas.map(areaLabel),
      observations: f.details.observations,
      tried: f.details.tried,
    },
    participants: f.participants.map((p) => ({
      name: p.displayName,
      orgUnit: unitNameOf(world, p.orgUnitId),
      role: p.role,
    })),
    // The anonymous phase: the five questions and the advice asked of the consultees.
    questions: agendaQuestionsFor(world, f.orgUnitId, true).map((q) => ({ id: q.id, text: q.text[locale] })),
    wheel: { name: wheel.name[locale], areas: wheel.areas.map((a) => ({ id: a.id, label: a.label[locale] })) },
    assessments: f.assessments.map((a) => ({
      author: a.authorName,
      orgUnit: unitNameOf(world, a.authorOrgUnitId),
      updatedAt: a.updatedAt.toISOString(),
      answers: { ...a.answers },
      areas: { ...a.areas },
    })),
  };
}
