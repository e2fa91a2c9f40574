/**
 * The family's plan as a PDF (pdfkit): plain language, large type, the wheel drawn as vector
 * segments coloured by level, and the GIRFEC lenses when the case uses them (lens-pdf.ts). It
 * renders a FamilyPlanView only (src/domain/family-plan.ts), so nothing but the current plan version
 * and the case's lenses can reach the page.
 */
import type PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import type { WorryLevel } from '../domain/assessment';
import type { FamilyPlanView } from '../domain/family-plan';
import { writeLenses } from './lens-pdf';

const colours: Readonly<Record<WorryLevel | 'unknown', string>> = {
  none: '#4caf50',
  some: '#f6c343',
  significant: '#e05252',
  unknown: '#c9ced6',
};

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(15).fillColor('#1f3a5f').text(text).moveDown(0.3);
  doc.font('Helvetica').fontSize(12).fillColor('#000000');
}

function point(cx: number, cy: number, r: number, angle: number): [number, number] {
  return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
}

/** The wheel: one segment per area, coloured by level, labels around it, a legend below. */
function drawWheel(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  const n = view.wheel.length;
  if (n === 0) return;
  const r = 80;
  if (doc.y + 2 * r + 110 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const cx = doc.page.width / 2;
  const cy = doc.y + r + 30;
  const step = (2 * Math.PI) / n;
  view.wheel.forEach((area, i) => {
    const a1 = -Math.PI / 2 + i * step;
    const a2 = a1 + step;
    const [x1, y1] = point(cx, cy, r, a1);
    const [x2, y2] = point(cx, cy, r, a2);
    const large = step > Math.PI ? 1 : 0;
    const path =
      n === 1
        ? `M ${cx - r} ${cy} A ${r} ${r} 0 1 1 ${cx + r} ${cy} A ${r} ${r} 0 1 1 ${cx - r} ${cy} Z`
        : `M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2} Z`;
    doc
      .path(path)
      .lineWidth(2)
      .fillAndStroke(colours[area.level ?? 'unknown'], '#ffffff');
    const [lx, ly] = point(cx, cy, r + 14, a1 + step / 2);
    const width = 110;
    const left = Math.cos(a1 + step / 2) < -0.2;
    const centre = Math.abs(Math.cos(a1 + step / 2)) <= 0.2;
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#000000')
      .text(area.area, centre ? lx - width / 2 : left ? lx - width : lx, ly - 6, {
        width,
        align: centre ? 'center' : left ? 'right' : 'left',
        lineBreak: false,
      });
  });
  let x = doc.page.margins.left;
  const y = cy + r + 30;
  for (const key of ['none', 'some', 'significant', 'unknown'] as const) {
    doc.rect(x, y, 12, 12).fill(colours[key]);
    const label = t(`familyPlan.level.${key}`);
    doc
      .fillColor('#000000')
      .fontSize(10)
      .text(label, x + 16, y + 1, { lineBreak: false });
    x += 16 + doc.widthOfString(label) + 18;
  }
  doc.x = doc.page.margins.left;
  doc.y = y + 24;
}

/**
 * pdfkit (with fontkit, brotli and their data) is loaded on the first PDF, not at start: a family
 * PDF is rare, and loaded with the app it kept about 4 MB of live JavaScript heap in every process,
 * which V8 multiplies under load (bench/profile-findings.json, RSS).
 */
export async function loadPdfKit(): Promise<typeof PDFDocument> {
  return (await import('pdfkit')).default;
}

export async function renderFamilyPlanPdf(view: FamilyPlanView, t: TFunction): Promise<Buffer> {
  const PdfKit = await loadPdfKit();
  const doc = new PdfKit({ size: 'A4', margin: 56, info: { Title: t('familyPlan.title'), Creator: 'Samsyn' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(22).fillColor('#1f3a5f').text(t('familyPlan.title'));
  doc.font('Helvetica').fontSize(12).fillColor('#000000').moveDown(0.4).text(t('familyPlan.intro'));

  heading(doc, t('familyPlan.why'));
  doc.text(view.reason);

  if (view.goals.length > 0) {
    heading(doc, t('familyPlan.goals'));
    for (const g of view.goals) {
      doc.text(`•  ${g.goal}`);
      if (g.inChildsWords)
        doc
          .font('Helvetica-Oblique')
          .text(t('familyPlan.inChildsWords', { words: g.inChildsWords }), { indent: 14 })
          .font('Helvetica');
      doc.moveDown(0.3);
    }
  }

  heading(doc, t('familyPlan.whoHelps'));
  for (const a of view.actions) {
    doc.font('Helvetica-Bold').text(a.what).font('Helvetica');
    doc.text(t('familyPlan.who', { who: a.who, unit: a.unit }), { indent: 14 });
    if (a.byWhen) doc.text(t('familyPlan.byWhen', { date: a.byWhen }), { indent: 14 });
    if (a.howWeWillKnow) doc.text(t('familyPlan.howWeKnow', { how: a.howWeWillKnow }), { indent: 14 });
    doc.moveDown(0.4);
  }

  const words = view.needs.filter((n) => n.childView || n.need || n.guardianView);
  if (words.length > 0) {
    heading(doc, t('familyPlan.childsWords'));
    for (const n of words) {
      doc.font('Helvetica-Bold').text(n.area).font('Helvetica');
      if (n.childView)
        doc
          .font('Helvetica-Oblique')
          .text(t('familyPlan.childSays', { words: n.childView }), { indent: 14 })
          .font('Helvetica');
      if (n.guardianView) doc.text(t('familyPlan.guardiansSay', { words: n.guardianView }), { indent: 14 });
      if (n.need) doc.text(t('familyPlan.need', { need: n.need }), { indent: 14 });
      doc.moveDown(0.3);
    }
  }

  heading(doc, t('familyPlan.wheel'));
  doc.text(t('familyPlan.wheelHelp'));
  drawWheel(doc, view, t);

  writeLenses(doc, view.lenses, t, heading);

  heading(doc, t('familyPlan.contact'));
  if (view.lead) {
    doc.text(t('familyPlan.contactText', { name: view.lead.name, unit: view.lead.unit }));
    if (view.lead.email) doc.text(t('familyPlan.email', { email: view.lead.email }));
  } else {
    doc.text(t('familyPlan.noContact'));
  }
  if (view.followUpDate) {
    heading(doc, t('familyPlan.next'));
    doc.text(t('familyPlan.nextText', { date: view.followUpDate }));
  }
  doc
    .moveDown(1)
    .fontSize(9)
    .fillColor('#555555')
    .text(t('familyPlan.footer', { version: view.version, date: view.agreedOn }));
  doc.end();
  return done;
}
