/**
 * The case's GIRFEC lenses in the family's PDF, when the case uses them: the My World Triangle as
 * text per side (what goes well, what worries us), the Resilience Matrix as a drawn grid with the
 * child's placement, written out too (colour and position are never the only cue), and its notes.
 */
import type PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import type { FamilyLensView } from '../domain/family-plan';
import { keep } from './pdf-layout';

type Doc = InstanceType<typeof PDFDocument>;
type Matrix = Extract<FamilyLensView, { kind: 'matrix' }>;

const size = 180;
/** The room the drawn matrix takes (its heading keeps this much with it). */
const matrixHeight = size + 50;

function drawMatrix(doc: Doc, m: Matrix): void {
  if (doc.y + matrixHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const left = (doc.page.width - size) / 2;
  const top = doc.y + 16;
  const half = size / 2;
  doc.rect(left, top, size, size).lineWidth(1).stroke('#8a8f98');
  doc
    .moveTo(left + half, top)
    .lineTo(left + half, top + size)
    .lineWidth(1.5)
    .stroke('#8a8f98');
  doc
    .moveTo(left, top + half)
    .lineTo(left + size, top + half)
    .stroke('#8a8f98');
  doc.font('Helvetica-Bold').fontSize(9).fillColor('#1f3a5f');
  doc.text(m.axes.y.high, left, top - 12, { width: size, align: 'center', lineBreak: false });
  doc.text(m.axes.y.low, left, top + size + 3, { width: size, align: 'center', lineBreak: false });
  doc.text(m.axes.x.low, left - 104, top + half - 5, { width: 100, align: 'right', lineBreak: false });
  doc.text(m.axes.x.high, left + size + 4, top + half - 5, { width: 100, align: 'left', lineBreak: false });
  doc.font('Helvetica').fontSize(8).fillColor('#555555');
  for (const q of m.quadrants) {
    const x = q.x === 'high' ? left + half + 4 : left + 4;
    const y = q.y === 'high' ? top + 4 : top + half + 4;
    doc.text(q.label, x, y, { width: half - 8, lineBreak: true });
  }
  if (m.placement) {
    const unit = (half - 14) / 2;
    doc.circle(left + half + m.placement.x * unit, top + half - m.placement.y * unit, 7).fill('#1f3a5f');
  }
  doc.x = doc.page.margins.left;
  doc.y = top + size + 20;
  doc.font('Helvetica').fontSize(12).fillColor('#000000');
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * Writes each lens under its own heading with its explanation (`heading` draws one as the rest of the
 * PDF does, kept with the first lines of the lens, or with the whole matrix drawing).
 */
export function writeLenses(
  doc: Doc,
  lenses: readonly FamilyLensView[],
  t: TFunction,
  heading: (doc: Doc, text: string, explanation?: string, follow?: number) => void,
): void {
  for (const lens of lenses) {
    if (lens.kind === 'triangle') {
      heading(doc, lens.name, t('familyPlan.lens.triangleHelp'));
      for (const side of lens.sides) {
        doc.moveDown(0.3);
        keep(doc, 2 * doc.currentLineHeight(true));
        doc.font('Helvetica-Bold').text(side.label).font('Helvetica');
        if (side.strengths) doc.text(t('familyPlan.lens.strengths', { text: side.strengths }), { indent: 14 });
        if (side.worries) doc.text(t('familyPlan.lens.worries', { text: side.worries }), { indent: 14 });
      }
      continue;
    }
    heading(doc, lens.name, t('familyPlan.lens.matrixHelp'), matrixHeight);
    drawMatrix(doc, lens);
    if (lens.placement === null) doc.text(t('familyPlan.lens.notPlaced'));
    else
      for (const key of ['y', 'x'] as const) {
        const axis = lens.axes[key];
        doc.text(
          t('familyPlan.lens.placement', {
            axis: axis.label,
            value: signed(lens.placement[key]),
            low: axis.low,
            high: axis.high,
          }),
        );
      }
    for (const n of lens.notes) {
      doc.moveDown(0.3);
      keep(doc, 2 * doc.currentLineHeight(true));
      doc.font('Helvetica-Bold').text(n.label).font('Helvetica');
      doc.text(n.note, { indent: 14 });
    }
  }
}
