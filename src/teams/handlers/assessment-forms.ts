/**
 * The five questions (in the order the case's unit configured) and the case's wellbeing wheel (per
 * area: level, strengths, worries, the child's own view) — the case's, whoever fills it in. Both are
 * the contributor's own assessment entry (app/save-assessment.ts); saves name the version read,
 * drafts keep half-filled forms, and in an anonymous consultation every text passes the anonymity guard.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { saveAssessment, type ReadEntry } from '../../app/save-assessment';
import { agendaQuestionsFor, wheelFor } from '../../app/world';
import { areasNeedingReportNotice, worryLevels, type AreaView } from '../../domain/assessment';
import { isGroupConsultation } from '../../domain/case';
import { isDomainError } from '../../domain/errors';
import { safetyAreaIds, type Wheel } from '../../domain/wheel';
import {
  fieldErrors,
  guardAnonymous,
  nameCheckOf,
  nameCheckOfUnit,
  nameQuestions,
  namesConfirmedIn,
  text,
  version,
  type FieldErrors,
} from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { caseSummaryCard } from './case-view';
import { areaParts, wheelCard } from './wheel-card';

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

/**
 * The case and the caller's entry — with `withParties` its parties too, for the card after a save —
 * read together: the reads go with the access check they share (one round trip, issue 22 item 4).
 */
async function caseContext(turn: Turn, caseId: string, withParties = false) {
  const [full, mine, parties] = await Promise.all([
    turn.repos.cases.getCase(caseId),
    turn.repos.assessments.getMyAssessment(caseId),
    withParties ? turn.repos.parties.listPartiesWithTeamsIds(caseId) : undefined,
  ]);
  const kase = {
    id: full.id,
    reference: full.reference,
    orgUnitId: full.orgUnitId,
    kind: full.kind,
    group: isGroupConsultation(full.details),
    full,
  };
  return { kase, mine, parties };
}

// ---- five questions -------------------------------------------------------------------------

function questionsCard(turn: Turn, kase: CaseRef, s: FormState): AdaptiveCard {
  const { t } = turn;
  const { id: caseId, reference } = kase;
  return render(cards.fiveQuestions, {
    t: {
      title: t('questions.title'),
      reference: t('case.reference', { reference }),
      submit: t('consultation.submit'),
      saveDraft: t('consultation.saveDraft'),
      back: t('form.back'),
    },
    caseId,
    version: s.version,
    questions: agendaOf(turn, kase).map((q, i) => ({
      inputId: q.id,
      label: i < 9 && /^q\d$/.test(q.id) ? `${i + 1}. ${q.text[turn.locale]}` : q.text[turn.locale],
      value: s.values[q.id] ?? '',
      error: s.errors[q.id] ?? s.names?.[q.id] ?? '',
    })),
    formError: s.formError ?? '',
    saved: s.saved ?? '',
    nameCheck: nameCheckOf(t, s.names ?? {}),
  });
}

/** The case a form is about: its id, reference, own unit (whose wheel and questions it uses) and kind. */
interface CaseRef {
  readonly id: string;
  readonly reference: string;
  readonly orgUnitId: string;
  readonly kind: 'anonymous' | 'consented';
}

/**
 * A form's schema depends only on the configuration, the case's unit and its kind, so it is built once
 * per unit and kind (building a zod object per action was a measurable share of a save's CPU,
 * bench/profile-findings.json).
 */
function perUnit(
  build: (turn: Turn, kase: FormCase) => z.ZodType<FormInput>,
): (turn: Turn, kase: FormCase) => z.ZodType<FormInput> {
  const built = new WeakMap<object, Map<string, z.ZodType<FormInput>>>();
  return (turn, kase) => {
    const ofWorld = built.get(turn.world) ?? new Map<string, z.ZodType<FormInput>>();
    built.set(turn.world, ofWorld);
    const key = `${kase.kind}:${kase.orgUnitId}`;
    let schema = ofWorld.get(key);
    if (schema === undefined) ofWorld.set(key, (schema = build(turn, kase)));
    return schema;
  };
}

/** What a form's fields depend on: the case's unit (its questions and wheel) and kind (a consultation asks advice). */
type FormCase = Pick<CaseRef, 'orgUnitId' | 'kind'>;

/** The five questions, and in an anonymous consultation the advice asked of the professionals consulted. */
const agendaOf = (turn: Turn, kase: FormCase) =>
  agendaQuestionsFor(turn.world, kase.orgUnitId, kase.kind === 'anonymous');

const questionsSchema = perUnit((turn, kase) => {
  const ids = agendaOf(turn, kase).map((q) => q.id);
  return z.object({
    caseId: z.uuid(),
    version,
    ...Object.fromEntries(ids.map((id) => [id, text(4000).default('')])),
  }) as unknown as z.ZodType<FormInput>;
});

/** The label the user sees for an input id: the question text, or "area – part" for the wheel. */
function labelFor(turn: Turn, kase: FormCase): (field: string) => string {
  const questions = agendaOf(turn, kase);
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  return (field) => {
    const q = questions.find((x) => x.id === field);
    if (q) return q.text[turn.locale];
    const [areaId, part] = field.split('.');
    const area = wheel.areas.find((a) => a.id === areaId);
    return area && part
      ? `${area.label[turn.locale]} – ${turn.t(part === 'level' ? 'wheel.level' : `wheel.${part}`)}`
      : field;
  };
}

const questionIds = (turn: Turn, kase: FormCase) => agendaOf(turn, kase).map((q) => q.id);

async function guardedValues(turn: Turn, kase: CaseRef, raw: Readonly<Values>, fields: readonly string[]) {
  const values = Object.fromEntries(fields.map((f) => [f, raw[f] ?? '']));
  return kase.kind === 'anonymous'
    ? guardAnonymous(turn.t, values, fields, labelFor(turn, kase))
    : { values, errors: {} as FieldErrors };
}

// ---- wheel ----------------------------------------------------------------------------------

function wheelFields(turn: Turn, kase: FormCase): string[] {
  return wheelFor(turn.world, kase.orgUnitId).areas.flatMap((a) => areaParts.map((p) => `${a.id}.${p}`));
}

const wheelSchema = perUnit((turn, kase) => {
  const shape: Record<string, z.ZodType> = { caseId: z.uuid(), version };
  for (const f of wheelFields(turn, kase)) {
    shape[f] = f.endsWith('.level')
      ? z.union([z.enum(worryLevels), z.literal('')]).default('')
      : text(2000).default('');
  }
  return z.object(shape) as unknown as z.ZodType<FormInput>;
});

function areasOf(wheel: Wheel, values: Readonly<Values>): Record<string, AreaView> {
  const areas: Record<string, AreaView> = {};
  for (const a of wheel.areas) {
    const level = values[`${a.id}.level`];
    const view = {
      strengths: values[`${a.id}.strengths`] ?? '',
      worries: values[`${a.id}.worries`] ?? '',
      childView: values[`${a.id}.childView`] ?? '',
    };
    if (level || view.strengths || view.worries || view.childView)
      areas[a.id] = { ...view, ...(level ? { level: level as AreaView['level'] } : {}) };
  }
  return areas;
}

function valuesOfAreas(areas: Readonly<Record<string, AreaView>>): Values {
  const values: Values = {};
  for (const [id, v] of Object.entries(areas)) {
    Object.assign(values, {
      [`${id}.level`]: v.level ?? '',
      [`${id}.strengths`]: v.strengths,
      [`${id}.worries`]: v.worries,
      [`${id}.childView`]: v.childView,
    });
  }
  return values;
}

// ---- the verbs ------------------------------------------------------------------------------

type Form = 'five-questions' | 'wheel';

interface FormKind {
  readonly form: Form;
  fields(turn: Turn, kase: FormCase): string[];
  schema(turn: Turn, kase: FormCase): z.ZodType<FormInput>;
  stored(mine: { answers: Readonly<Values>; areas: Readonly<Record<string, AreaView>> } | null): Values;
  card(turn: Turn, kase: CaseRef, s: FormState): AdaptiveCard;
  /** `mine`: the entry as read earlier in this turn (spares the use case a second audited read). */
  save(turn: Turn, kase: CaseRef, values: Values, expected: number, mine: ReadEntry): Promise<void>;
  savedMessage: string;
  reportAreas(turn: Turn, kase: CaseRef, values: Values): string[];
}

const questionsKind: FormKind = {
  form: 'five-questions',
  fields: questionIds,
  schema: questionsSchema,
  stored: (mine) => ({ ...(mine?.answers ?? {}) }),
  card: questionsCard,
  save: async (turn, kase, values, expected, mine) => {
    await saveAssessment(turn.ctx, kase.id, kase.orgUnitId, { answers: values }, expected, {
      read: mine,
      draft: 'five-questions',
    });
  },
  savedMessage: 'questions.saved',
  reportAreas: () => [],
};

const wheelKind: FormKind = {
  form: 'wheel',
  fields: wheelFields,
  schema: wheelSchema,
  stored: (mine) => valuesOfAreas(mine?.areas ?? {}),
  card: (turn, kase, s) => wheelCard(turn, kase, s),
  save: async (turn, kase, values, expected, mine) => {
    await saveAssessment(
      turn.ctx,
      kase.id,
      kase.orgUnitId,
      { areas: areasOf(wheelFor(turn.world, kase.orgUnitId), values) },
      expected,
      { read: mine, draft: 'wheel' },
    );
  },
  savedMessage: 'wheel.saved',
  reportAreas: (turn, kase, values) => {
    const wheel = wheelFor(turn.world, kase.orgUnitId);
    return areasNeedingReportNotice({ answers: {}, areas: areasOf(wheel, values) }, safetyAreaIds(wheel));
  },
};

/** The submit's own shape before the case is known; the fields are checked against the case's form in the handler. */
const submitShape = z.object({ caseId: z.uuid(), version }).catchall(z.string());

/** The open, draft and submit actions of one form kind. */
function verbsFor(kind: FormKind) {
  const keep = async (turn: Turn, kase: CaseRef, raw: Readonly<Values>) => {
    const g = await guardedValues(turn, kase, raw, kind.fields(turn, kase));
    await turn.repos.drafts.saveDraft(kind.form, kase.id, g.values);
    return g;
  };
  const invalidCard = async (
    turn: Turn,
    kase: CaseRef,
    raw: Readonly<Values>,
    errors: FieldErrors,
    formError = turn.t('form.fixBelow'),
  ) => {
    const k = await keep(turn, kase, raw);
    return kind.card(turn, kase, {
      values: k.values,
      errors: { ...errors, ...k.errors },
      version: version.catch(0).parse(raw.version),
      formError,
    });
  };
  return {
    open: verb({
      schema: () => z.object({ caseId: z.uuid() }),
      handle: async (turn, input) => {
        const { kase, mine } = await caseContext(turn, input.caseId);
        const draft = await turn.repos.drafts.getDraft(kind.form, input.caseId);
        const values = { ...kind.stored(mine), ...(draft ?? {}) };
        return kind.card(turn, kase, {
          values,
          errors: {},
          version: mine?.version ?? 0,
          saved: draft ? turn.t('form.draftRestored') : '',
        });
      },
    }),
    draft: verb({
      schema: () => z.object({ caseId: z.uuid(), version }).loose(),
      invalid: async (turn, raw, errors, formError) =>
        invalidCard(turn, (await caseContext(turn, z.uuid().parse(raw.caseId))).kase, raw, errors, formError),
      handle: async (turn, input, raw) => {
        const { kase } = await caseContext(turn, input.caseId);
        const k = await keep(turn, kase, raw);
        return kind.card(turn, kase, {
          values: k.values,
          errors: k.errors,
          version: input.version,
          saved: turn.t('form.draftSaved'),
        });
      },
    }),
    submit: verb({
      schema: () => submitShape,
      writesCase: true,
      invalid: async (turn, raw, errors, formError) =>
        invalidCard(turn, (await caseContext(turn, z.uuid().parse(raw.caseId))).kase, raw, errors, formError),
      handle: async (turn, input, raw) => {
        const { kase, mine, parties } = await caseContext(turn, input.caseId, true);
        // The form is the case's (its unit's questions and wheel), whoever fills it in.
        const parsed = kind.schema(turn, kase).safeParse(raw);
        if (!parsed.success) return invalidCard(turn, kase, raw, fieldErrors(turn.t, parsed.error));
        const g = await guardedValues(turn, kase, raw, kind.fields(turn, kase));
        if (Object.keys(g.errors).length > 0) {
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, kase, {
            values: g.values,
            errors: g.errors,
            version: input.version,
            formError: turn.t('form.fixBelow'),
          });
        }
        const names =
          kase.kind === 'anonymous'
            ? nameQuestions(
                turn.t,
                g.values,
                kind.fields(turn, kase),
                nameCheckOfUnit(turn.actor.orgUnitId, turn.world.orgUnits),
                namesConfirmedIn(raw),
              )
            : {};
        if (Object.keys(names).length > 0) {
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, kase, {
            values: g.values,
            errors: {},
            names,
            version: input.version,
            formError: turn.t('anonymity.checkNames'),
          });
        }
        try {
          await kind.save(turn, kase, g.values, input.version, mine);
        } catch (err) {
          if (!isDomainError(err) || err.code !== 'Conflict') throw err;
          await turn.repos.drafts.saveDraft(kind.form, input.caseId, g.values);
          return kind.card(turn, kase, {
            values: g.values,
            errors: {},
            version: mine?.version ?? 0,
            formError: turn.t('form.conflict'),
          });
        }
        return caseSummaryCard(turn, input.caseId, {
          message: turn.t(kind.savedMessage),
          reportNotice: kind.reportAreas(turn, kase, g.values).length > 0,
          kase: kase.full,
          // A save changes no party.
          parties,
        });
      },
    }),
  };
}

/** Every card verb of the two forms, by its full name. */
const questionsVerbs = verbsFor(questionsKind);
const wheelVerbs = verbsFor(wheelKind);
export const assessmentVerbs = {
  'questions.open': questionsVerbs.open,
  'questions.draft': questionsVerbs.draft,
  'questions.submit': questionsVerbs.submit,
  'wheel.open': wheelVerbs.open,
  'wheel.draft': wheelVerbs.draft,
  'wheel.submit': wheelVerbs.submit,
};
