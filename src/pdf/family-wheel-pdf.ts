/**
 * The wheel in the family's PDF: one segment per area coloured by the group's level, labels around
 * it, a legend, and a table that writes each level out in words (colour is never the only cue) — with
 * the child's own rating beside the group's when the child has given one.
 */
import type { TFunction } from 'i18next';
import type { WorryLevel } from '../domain/assessment';
import type { VoiceRating } from '../domain/child-voice';
import type { FamilyPlanView } from '../domain/family-plan';
import { body, ink, keep, textWidth, type Doc } from './pdf-layout';

export const levelColours: Readonly<Record<WorryLevel | 'unknown', string>> = {
  none: '#4caf50',
  some: '#f6c343',
  significant: '#e05252',
  unknown: '#c9ced6',
};

const ratingColour = '#3b6fb6';

function point(cx: number, cy: number, r: number, angle: number): [number, number] {
  return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
}

function drawSegments(doc: Doc, view: FamilyPlanView, cx: number, cy: number, r: number): void {
  const n = view.wheel.length;
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
      .fillAndStroke(levelColours[area.level ?? 'unknown'], '#ffffff');
    const mid = a1 + step / 2;
    const [lx, ly] = point(cx, cy, r + 14, mid);
    const width = 110;
    const left = Math.cos(mid) < -0.2;
    const centre = Math.abs(Math.cos(mid)) <= 0.2;
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(ink.text)
      .text(area.area, centre ? lx - width / 2 : left ? lx - width : lx, ly - 6, {
        width,
        align: centre ? 'center' : left ? 'right' : 'left',
        lineBreak: false,
      });
  });
}

function legend(doc: Doc, y: number, t: TFunction): void {
  let x = doc.page.margins.left;
  for (const key of ['none', 'some', 'significant', 'unknown'] as const) {
    doc.rect(x, y, 12, 12).fill(levelColours[key]);
    const label = t(`familyPlan.level.${key}`);
    doc
      .fillColor(ink.text)
      .font('Helvetica')
      .fontSize(10)
      .text(label, x + 16, y + 1, { lineBreak: false });
    x += 16 + doc.widthOfString(label) + 18;
  }
}

/** The three faces as dots: sad one, so-so two, happy three (filled), then the face's word ("Bra"). */
const ratingDots: Readonly<Record<VoiceRating, number>> = { sad: 1, 'so-so': 2, happy: 3 };

function ratingCell(doc: Doc, rating: VoiceRating, x: number, y: number, t: TFunction): void {
  const max = 3;
  for (let i = 1; i <= max; i++) {
    const cx = x + 5 + (i - 1) * 12;
    if (i <= ratingDots[rating]) doc.circle(cx, y + 6, 4.5).fill(ratingColour);
    else
      doc
        .circle(cx, y + 6, 4.5)
        .lineWidth(1)
        .stroke(ratingColour);
  }
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor(ink.text)
    .text(t('familyPlan.rating', { rating: t(`voice.ratings.${rating}`) }), x + max * 12 + 6, y, {
      lineBreak: false,
    });
}

/** The area-by-area table: the group's level (swatch and words) and, when given, the child's rating. */
function levelTable(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  const childAreas = view.voice?.child?.areas ?? [];
  const withChild = childAreas.length > 0;
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const cols = withChild ? [0.36, 0.3, 0.34] : [0.5, 0.5];
  const xs = cols.map((_, i) => left + width * cols.slice(0, i).reduce((a, b) => a + b, 0));
  const row = 20;
  const header = (y: number) => {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(ink.heading);
    const titles = [t('familyPlan.table.area'), t('familyPlan.table.group')];
    if (withChild) titles.push(t('familyPlan.table.child'));
    titles.forEach((title, i) => doc.text(title, (xs[i] ?? left) + 2, y, { lineBreak: false }));
    doc
      .moveTo(left, y + 15)
      .lineTo(left + width, y + 15)
      .lineWidth(0.8)
      .stroke('#8a8f98');
  };
  keep(doc, row * 3);
  let y = doc.y;
  header(y);
  y += row;
  for (const area of view.wheel) {
    if (y + row > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      y = doc.y;
      header(y);
      y += row;
    }
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor(ink.text)
      .text(area.area, left + 2, y, { width: width * (cols[0] ?? 0.5) - 6, lineBreak: false });
    const level = area.level ?? 'unknown';
    doc.rect((xs[1] ?? left) + 2, y, 11, 11).fill(levelColours[level]);
    doc.fillColor(ink.text).text(t(`familyPlan.level.${level}`), (xs[1] ?? left) + 18, y, { lineBreak: false });
    const child = childAreas.find((a) => a.areaId === area.areaId);
    if (withChild) {
      if (child?.rating) ratingCell(doc, child.rating, (xs[2] ?? left) + 2, y, t);
      else doc.text(t('familyPlan.table.notRated'), (xs[2] ?? left) + 2, y, { lineBreak: false });
    }
    y += row;
  }
  doc.x = left;
  doc.y = y + 6;
  body(doc);
}

/** The wheel (kept whole on one page), its legend, then the table. */
export function drawWheel(doc: Doc, view: FamilyPlanView, t: TFunction): void {
  if (view.wheel.length === 0) return;
  const r = 80;
  keep(doc, 2 * r + 110);
  const cx = doc.page.width / 2;
  const cy = doc.y + r + 30;
  drawSegments(doc, view, cx, cy, r);
  legend(doc, cy + r + 30, t);
  doc.x = doc.page.margins.left;
  doc.y = cy + r + 58;
  levelTable(doc, view, t);
}
