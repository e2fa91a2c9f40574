/**
 * The family's plan as a PDF (pdfkit): plain language, large type, every part under a heading with a
 * short explanation of what it means, the professionals' free text as written, the child's own words
 * near the top, the wheel in colour with each level in words and the child's rating beside it
 * (family-wheel-pdf.ts), the GIRFEC lenses when the case uses them (lens-pdf.ts), who to contact and
 * when we meet next. Headings are kept with what follows them; every page is numbered (pdf-layout.ts).
 * It renders a FamilyPlanView only (src/domain/family-plan.ts), so nothing but the current plan
 * version, the case's contacts, lenses and recorded voices can reach the page.
 */
import type PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import type { AreaVoice, FamilyPlanView } from '../domain/family-plan';
import { drawWheel } from './family-wheel-pdf';
import { writeLenses } from './lens-pdf';
import { body, heading, ink, item, keep, numberPages, textWidth, type Doc } from './pdf-layout';

/**
 * pdfkit (with fontkit, brotli and their data) is loaded on the first PDF, not at start: a family
 * PDF is rare, and loaded with the app it kept about 4 MB of live JavaScript heap in every process,
 * which V8 multiplies under load (bench/profile-findings.json, RSS).
 */
export async function loadPdfKit(): Promise<typeof PDFDocument> {
  return (await import('pdfkit')).default;
}

/** The room the quote needs on a page before it starts (its first lines; a long quote runs on). */
function quoteRoom(doc: Doc, words: string): number {
  doc.font('Helvetica-Oblique').fontSize(16);
  return Math.min(doc.heightOfString(words, { width: textWidth(doc) - 24 }), 80) + 20;
}

/** The child's own words, large, in a tinted box with a bar on the left. */
function quote(doc: Doc, words: string): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc) - 24;
  keep(doc, quoteRoom(doc, words));
  doc.font('Helvetica-Oblique').fontSize(16);
  const h = doc.heightOfString(words, { width });
  const top = doc.y;
  const shown = Math.min(h + 16, doc.page.height - doc.page.margins.bottom - top);
  doc.rect(left, top, textWidth(doc), shown).fill('#eef3fa');
  doc.rect(left, top, 5, shown).fill(ink.heading);
  doc
    .font('Helvetica-Oblique')
    .fontSize(16)
    .fillColor(ink.heading)
    .text(words, left + 16, top + 8, { width });
  doc.x = left;
  doc.y = Math.max(doc.y, top + shown) + 8;
  body(doc);
}

/** What one person said of one area: their rating, what is good, hard, wished for. */
function voiceLines(a: AreaVoice | undefined, t: TFunction): string[] {
  if (!a) return [];
  return [
    a.rating ? t('familyPlan.voice.rating', { rating: t(`voice.ratings.${a.rating}`) }) : '',
    a.good ? t('familyPlan.voice.good', { words: a.good }) : '',
    a.hard ? t('familyPlan.voice.hard', { words: a.hard }) : '',
    a.wish ? t('familyPlan.voice.wish', { words: a.wish }) : '',
  ].filter((s) => s !== '');
}

/** Area by area in wheel order: what the person said of it, and `extra` lines the plan holds for it. */
function byArea(
  doc: Doc,
  view: FamilyPlanView,
  areas: readonly AreaVoice[],
  t: TFunction,
  extra: (area: string) => string[] = () => [],
): void {
  for (const area of view.wheel) {
    const lines = [
      ...voiceLines(
        areas.find((a) => a.areaId === area.areaId),
        t,
      ),
      ...extra(area.area),
    ];
    if (lines.length > 0) item(doc, area.area, lines);
  }
}

/** Near the top: the child's own words, large, then what the child said area by area. */
function childsWords(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  const child = view.voice?.child;
  const said = (area: string) =>
    view.needs
      .filter((n) => n.area === area && n.childView !== '')
      .map((n) => t('familyPlan.childSays', { words: n.childView }));
  if (!child?.words && !child?.areas.length && !view.needs.some((n) => n.childView !== '')) return;
  // What is good, hard and wished for overall, each with its label; else the words as one quote.
  const labelled = (['good', 'hard', 'wish'] as const).flatMap((k) => {
    const said = child?.[k];
    return said ? [t(`familyPlan.voice.${k}`, { words: said })] : [];
  });
  const words =
    labelled.length > 0 ? labelled.join('\n') : child?.words ? t('familyPlan.quote', { words: child.words }) : '';
  heading(doc, t('familyPlan.childsWords'), t('familyPlan.childsWordsHelp'), words ? quoteRoom(doc, words) : undefined);
  if (words) quote(doc, words);
  byArea(doc, view, child?.areas ?? [], t, said);
}

function guardiansWords(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  for (const g of view.voice?.guardians ?? []) {
    if (g.areas.length === 0) continue;
    heading(doc, t('familyPlan.guardianWords', { label: g.label }), t('familyPlan.guardianWordsHelp'));
    byArea(doc, view, g.areas, t);
  }
}

function planParts(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  heading(doc, t('familyPlan.why'), t('familyPlan.whyHelp'));
  doc.text(view.reason);

  if (view.goals.length > 0) {
    heading(doc, t('familyPlan.goals'), t('familyPlan.goalsHelp'));
    for (const g of view.goals)
      item(doc, g.goal, g.inChildsWords ? [t('familyPlan.inChildsWords', { words: g.inChildsWords })] : []);
  }

  heading(doc, t('familyPlan.whoHelps'), t('familyPlan.whoHelpsHelp'));
  for (const a of view.actions)
    item(
      doc,
      a.what,
      [
        t('familyPlan.who', { who: a.who, unit: a.unit }),
        a.byWhen ? t('familyPlan.byWhen', { date: a.byWhen }) : '',
        a.howWeWillKnow ? t('familyPlan.howWeKnow', { how: a.howWeWillKnow }) : '',
      ].filter((s) => s !== ''),
    );

  const areas = view.needs.filter((n) => n.need || n.guardianView);
  if (areas.length > 0) {
    heading(doc, t('familyPlan.areas'), t('familyPlan.areasHelp'));
    for (const n of areas)
      item(
        doc,
        n.area,
        [
          n.need ? t('familyPlan.need', { need: n.need }) : '',
          n.guardianView ? t('familyPlan.guardiansSay', { words: n.guardianView }) : '',
        ].filter((s) => s !== ''),
      );
  }
}

function agreement(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  if (view.childsWishForLead) {
    heading(doc, t('familyPlan.wish'), t('familyPlan.wishHelp'));
    doc.text(view.childsWishForLead);
  }
  if (view.disagreements) {
    heading(doc, t('familyPlan.disagreements'), t('familyPlan.disagreementsHelp'));
    doc.text(view.disagreements);
  }
}

function contacts(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  heading(doc, t('familyPlan.contact'), t('familyPlan.contactHelp'));
  const email = (e: string | null) => (e ? [t('familyPlan.email', { email: e })] : []);
  if (view.lead)
    item(doc, t('familyPlan.leadRole'), [
      t('familyPlan.person', { name: view.lead.name, unit: view.lead.unit }),
      ...email(view.lead.email),
    ]);
  else doc.text(t('familyPlan.noContact')).moveDown(0.4);
  for (const p of view.namedPersons)
    item(doc, t('familyPlan.namedRole'), [t('familyPlan.person', { name: p.name, unit: p.unit }), ...email(p.email)]);

  heading(doc, t('familyPlan.next'), t('familyPlan.nextHelp'));
  if (view.nextMeeting) doc.text(t('familyPlan.nextMeeting', { when: view.nextMeeting }));
  if (view.followUpDate) doc.text(t('familyPlan.nextText', { date: view.followUpDate }));
  if (!view.nextMeeting && !view.followUpDate) doc.text(t('familyPlan.noNext'));
}

export async function renderFamilyPlanPdf(view: FamilyPlanView, t: TFunction): Promise<Buffer> {
  const PdfKit = await loadPdfKit();
  const doc = new PdfKit({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    info: { Title: t('familyPlan.title'), Creator: 'Samsyn' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(22).fillColor(ink.heading).text(t('familyPlan.title'));
  body(doc).moveDown(0.4).text(t('familyPlan.intro'));

  childsWords(doc, view, t);
  planParts(doc, view, t);
  guardiansWords(doc, view, t);

  if (view.wheel.length > 0) {
    heading(doc, t('familyPlan.wheel'), t('familyPlan.wheelHelp'), 270);
    drawWheel(doc, view, t);
  }
  writeLenses(doc, view.lenses, t, heading);
  agreement(doc, view, t);
  contacts(doc, view, t);

  keep(doc, 30);
  doc
    .moveDown(1)
    .fontSize(9)
    .fillColor(ink.muted)
    .text(t('familyPlan.footer', { version: view.version, date: view.agreedOn }));
  numberPages(doc, (page, pages) => t('familyPlan.page', { page, pages }));
  doc.end();
  return done;
}
