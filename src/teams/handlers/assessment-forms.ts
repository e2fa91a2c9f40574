/**
 * The five questions (in the unit's configured order) and the wellbeing wheel (per area: level,
 * strengths, worries, the child's own view). Both are the contributor's own assessment entry;
 * saves name the version read, drafts keep half-filled forms, and in an anonymous consultation
 * every text passes the anonymity guard.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { saveAnswers, saveWheel } from '../../app/save-assessment';
import { questionsFor, wheelFor } from '../../app/world';
import { areasNeedingReportNotice, worryLevels, type AreaView } from '../../domain/assessment';
import { isDomainError } from '../../domain/errors';
import { safetyAreaIds } from '../../domain/wheel';
import { guardAnonymous, nameCheckOf, nameCheckOfUnit, nameQuestions, namesConfirmedIn, text, version, type FieldErrors } from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { caseSummaryCard } from './case-view';

type Values = Record<string, string>;
/** A validated submit: the case, the version read, and the form's fields (read from the raw inputs). */
type FormInput = { caseId: string; version: number } & Record<string, unknown>;
interface FormState {
  readonly values: Values;
  readonly errors: FieldErrors;
  readonly version: number;
  readonly saved?: string;
  readonly formError?: string;
  /** Fields with words that look like names: shown with the confirm step. */
  readonly names?: FieldErrors;
}

const areaParts = ['level', 'strengths', 'worries', 'childView'] as const;

async function caseContext(turn: Turn, caseId: string) {
  const kase = await turn.repos.cases.getCase(caseId);
  const mine = await turn.repos.assessments.getMyAssessment(caseId);
  return { kase, mine };
}

// ---- five questions -------------------------------------------------------------------------

function questionsCard(turn: Turn, caseId: string, reference: string, s: FormState): AdaptiveCard {
  const { t } = turn;
  const kase = { orgUnitId: turn.actor.orgUnitId };
  return render(cards.fiveQuestions, {
    t: { title: t('questions.title'), reference: t('case.reference', { reference }), submit: t('consultation.submit'), saveDraft: t('consultation.saveDraft'), back: t('form.back') },
    caseId,
    version: s.version,
    questions: questionsFor(turn.deps.world, kase.orgUnitId).map((q, i) => ({
      inputId: q.id,
      label: `${i + 1}. ${q.text[turn.locale]}`,
      value: s.values[q.id] ?? '',
      error: s.errors[q.id] ?? s.names?.[q.id] ?? '',
    })),
    formError: s.formError ?? '',
    saved: s.saved ?? '',
    nameCheck: nameCheckOf(t, s.names ?? {}),
  });
}

/**
 * A form's schema depends only on the configuration and the actor's unit, so it is built once per
 * unit (building a zod object per action was a measurable share of a save's CPU, bench/profile-findings.json).
 */
function perUnit(build: (turn: Turn) => z.ZodType<FormInput>): (turn: Turn) => z.ZodType<FormInput> {
  const built = new WeakMap<object, Map<string, z.ZodType<FormInput>>>();
  return (turn) => {
    const ofWorld = built.get(turn.deps.world) ?? new Map<string, z.ZodType<FormInput>>();
    built.set(turn.deps.world, ofWorld);
    let schema = ofWorld.get(turn.actor.orgUnitId);
    if (schema === undefined) ofWorld.set(turn.actor.orgUnitId, (schema = build(turn)));
    return schema;
  };
}

const questionsSchema = perUnit((turn) => {
  const ids = questionsFor(turn.deps.world, turn.actor.orgUnitId).map((q) => q.id);
  return z.object({ caseId: z.uuid(), version, ...Object.fromEntries(ids.map((id) => [id, text(4000).default('')])) }) as unknown as z.ZodType<FormInput>;
});

/** The label the user sees for an input id: the question text, or "area – part" for the wheel. */
function labelFor(turn: Turn): (field: string) => string {
  const questions = questionsFor(turn.deps.world, turn.actor.orgUnitId);
  const wheel = wheelFor(turn.deps.world, turn.actor.orgUnitId);
  return (field) => {
    const q = questions.find((x) => x.id === field);
    if (q) return q.text[turn.locale];
    const [areaId, part] = field.split('.');
    const area = wheel.areas.find((a) => a.id === areaId);
    return area && part ? `${area.label[turn.locale]} – ${turn.t(part === 'level' ? 'wheel.level' : `wheel.${part}`)}` : field;
  };
}

const questionIds = (turn: Turn) => questionsFor(turn.deps.world, turn.actor.orgUnitId).map((q) => q.id);

async function guardedValues(turn: Turn, anonymous: boolean, raw: Readonly<Values>, fields: readonly string[]) {
  const values = Object.fromEntries(fields.map((f) => [f, raw[f] ?? '']));
  return anonymous ? guardAnonymous(turn.t, values, fields, labelFor(turn)) : { values, errors: {} as FieldErrors };
}

// ---- wheel ----------------------------------------------------------------------------------

function wheelFields(turn: Turn): string[] {
  return wheelFor(turn.deps.world, turn.actor.orgUnitId).areas.flatMap((a) => areaParts.map((p) => `${a.id}.${p}`));
}

function wheelCard(turn: Turn, caseId: string, reference: string, s: FormState, reportAreas: readonly string[] = []): AdaptiveCard {
  const { t } = turn;
  const wheel = wheelFor(turn.deps.world, turn.actor.orgUnitId);
  return render(cards.wheel, {
    t: {
      title: t('wheel.title', { wheel: wheel.name[turn.locale] }),
      reference: t('case.reference', { reference }),
      intro: t('wheel.intro'),
      level: t('wheel.level'),
      strengths: t('wheel.strengths'),
      worries: t('wheel.worries'),
      childView: t('wheel.childView'),
      choose: t('form.choose'),
      submit: t('consultation.submit'),
      saveDraft: t('consultation.saveDraft'),
      back: t('form.back'),
    },
    caseId,
    version: s.version,
    levels: worryLevels.map((l) => ({ title: t(`levels.${l}`), value: l })),
    areas: wheel.areas.map((a) => ({
      id: a.id,
      label: a.label[turn.locale],
      description: a.description[turn.locale],
      level: s.values[`${a.id}.level`] ?? '',
      strengths: s.values[`${a.id}.strengths`] ?? '',
      worries: s.values[`${a.id}.worries`] ?? '',
      childView: s.values[`${a.id}.childView`] ?? '',
      error: areaParts.map((p) => s.errors[`${a.id}.${p}`] ?? s.names?.[`${a.id}.${p}`]).find((e) => e !== undefined) ?? '',
    })),
    formError: s.formError ?? '',
    saved: s.saved ?? '',
    reportNotice: reportAreas.length > 0 ? t('report.notice') : '',
    nameCheck: nameCheckOf(t, s.names ?? {}),
  });
}

const wheelSchema = perUnit((turn) => {
  const shape: Record<string, z.ZodType> = { caseId: z.uuid(), version };
  for (const f of wheelFields(turn)) {
    shape[f] = f.endsWith('.level') ? z.union([z.enum(worryLevels), z.literal('')]).default('') : text(2000).default('');
  }
  return z.object(shape) as unknown as z.ZodType<FormInput>;
});

function areasOf(turn: Turn, values: Readonly<Values>): Record<string, AreaView> {
  const areas: Record<string, AreaView> = {};
  for (const a of wheelFor(turn.deps.world, turn.actor.orgUnitId).areas) {
    const level = values[`${a.id}.level`];
    const view = { strengths: values[`${a.id}.strengths`] ?? '', worries: values[`${a.id}.worries`] ?? '', childView: values[`${a.id}.childView`] ?? '' };
    if (level || view.strengths || view.worries || view.childView) areas[a.id] = { ...view, ...(level ? { level: level as AreaView['level'] } : {}) };
  }
  return areas;
}

function valuesOfAreas(areas: Readonly<Record<string, AreaView>>): Values {
  const values: Values = {};
  for (const [id, v] of Object.entries(areas)) {
    Object.assign(values, { [`${id}.level`]: v.level ?? '', [`${id}.strengths`]: v.strengths, [`${id}.worries`]: v.worries, [`${id}.childView`]: v.childView });
  }
  return values;
}

// ---- the verbs ------------------------------------------------------------------------------

type Form = 'five-questions' | 'wheel';

interface FormKind {
  readonly form: Form;
  fields(turn: Turn): string[];
  stored(mine: { answers: Readonly<Values>; areas: Readonly<Record<string, AreaView>> } | null): Values;
  card(turn: Turn, caseId: string, reference: string, s: FormState): AdaptiveCard;
  /** `mine`: the entry as read earlier in this turn (spares the use case a second audited read). */
  save(turn: Turn, caseId: string, values: Values, expected: number, mine: Parameters<typeof saveWheel>[4]): Promise<void>;
  savedMessage: string;
  reportAreas(turn: Turn, values: Values): string[];
}

const questionsKind: FormKind = {
  form: 'five-questions',
  fields: questionIds,
  stored: (mine) => ({ ...(mine?.answers ?? {}) }),
  card: questionsCard,
  save: async (turn, caseId, values, expected, mine) => {
    await saveAnswers(turn.repos, caseId, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')), expected, mine);
  },
  savedMessage: 'questions.saved',
  reportAreas: () => [],
};

const wheelKind: FormKind = {
  form: 'wheel',
  fields: wheelFields,
  stored: (mine) => valuesOfAreas(mine?.areas ?? {}),
  card: (turn, caseId, reference, s) => wheelCard(turn, caseId, reference, s),
  save: async (turn, caseId, values, expected, mine) => {
    await saveWheel(turn.repos, caseId, areasOf(turn, values), expected, mine);
  },
  savedMessage: 'wheel.saved',
  reportAreas: (turn, values) => areasNeedingReportNotice({ answers: {}, areas: areasOf(turn, values) }, safetyAreaIds(wheelFor(turn.deps.world, turn.actor.orgUnitId))),
};

function verbsFor(kind: FormKind, prefix: string, schema: (turn: Turn) => z.ZodType<FormInput>) {
  const keep = async (turn: Turn, caseId: string, raw: Readonly<Values>) => {
    const { kase } = await caseContext(turn, caseId);
    const g = await guardedValues(turn, kase.kind === 'anonymous', raw, kind.fields(turn));
    await turn.repos.drafts.saveDraft(kind.form, caseId, g.values);
    return { kase, ...g };
  };
  return {
    [`${prefix}.open`]: verb({
      schema: () => z.object({ caseId: z.uuid() }),
      handle: async (turn, input) => {
        const { kase, mine } = await caseContext(turn, input.caseId);
        const draft = await turn.repos.drafts.getDraft(kind.form, input.caseId);
        const values = { ...kind.stored(mine), ...(draft ?? {}) };
        return kind.card(turn, input.caseId, kase.reference, { values, errors: {}, version: mine?.version ?? 0, saved: draft ? turn.t('form.draftRestored') : '' });
      },
    }),
    [`${prefix}.draft`]: verb({
      schema: () => z.object({ caseId: z.uuid(), version }).loose(),
      handle: async (turn, input, raw) => {
        const k = await keep(turn, input.caseId, raw);
        return kind.card(turn, input.caseId, k.kase.reference, { values: k.values, errors: k.errors, version: input.version, saved: turn.t('form.draftSaved') });
      },
    }),
    [`${prefix}.submit`]: verb({
      schema,
      invalid: async (turn, raw, errors) => {
        const caseId = z.uuid().parse(raw.caseId);
        const k = await keep(turn, caseId, raw);
        return kind.card(turn, caseId, k.kase.reference, { values: k.values, errors: { ...errors, ...k.errors }, version: version.catch(0).parse(raw.version), formError: turn.t('form.fixBelow') });
      },
      handle: async (turn, input, raw) => {
        const { kase, mine } = await caseContext(turn, input.caseId);
        const g = await guardedValues(turn, kase.kind === 'anonymous', raw, kind.fields(turn));
        if (Object.keys(g.errors).length > 0) {
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, input.caseId, kase.reference, { values: g.values, errors: g.errors, version: input.version, formError: turn.t('form.fixBelow') });
        }
        const names = kase.kind === 'anonymous' ? nameQuestions(turn.t, g.values, kind.fields(turn), nameCheckOfUnit(turn.actor.orgUnitId, turn.deps.world.orgUnits), namesConfirmedIn(raw)) : {};
        if (Object.keys(names).length > 0) {
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, input.caseId, kase.reference, { values: g.values, errors: {}, names, version: input.version, formError: turn.t('anonymity.checkNames') });
        }
        try {
          await kind.save(turn, input.caseId, g.values, input.version, mine);
        } catch (err) {
          if (!isDomainError(err) || err.code !== 'Conflict') throw err;
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, input.caseId, kase.reference, { values: g.values, errors: {}, version: mine?.version ?? 0, formError: turn.t('form.conflict') });
        }
        return caseSummaryCard(turn, input.caseId, { message: turn.t(kind.savedMessage), reportNotice: kind.reportAreas(turn, g.values).length > 0, kase });
      },
    }),
  };
}

export const assessmentVerbs = { ...verbsFor(questionsKind, 'questions', questionsSchema), ...verbsFor(wheelKind, 'wheel', wheelSchema) };
