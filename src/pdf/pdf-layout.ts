/**
 * Page layout for the family's PDFs (pdfkit): a heading never ends a page — it is moved to the next
 * page with its explanation unless the first lines of what follows fit under it (keep with next) —
 * items are kept with their first line, and every page gets "page n of m" in its bottom margin.
 */
import type PDFDocument from 'pdfkit';

export type Doc = InstanceType<typeof PDFDocument>;

export const ink = { heading: '#1f3a5f', text: '#000000', muted: '#444444' } as const;

/** The text width between the margins. */
export const textWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

const atTop = (doc: Doc): boolean => doc.y <= doc.page.margins.top + 0.5;

/** Starts a new page unless `height` points still fit on this one (and this one is not already empty). */
export function keep(doc: Doc, height: number): void {
  if (!atTop(doc) && doc.y + height > bottomOf(doc)) doc.addPage();
}

function height(doc: Doc, font: string, size: number, text: string, indent = 0): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text, { width: textWidth(doc) - indent });
}

/** Body text: 12 pt Helvetica, black. */
export function body(doc: Doc): Doc {
  return doc.font('Helvetica').fontSize(12).fillColor(ink.text);
}

const lines = (doc: Doc, n: number) => n * body(doc).currentLineHeight(true);

/**
 * A section heading with its short plain-language explanation: moved to a new page together when it,
 * the explanation and `follow` points (by default two lines) of what comes next do not fit.
 */
export function heading(doc: Doc, text: string, explanation = '', follow?: number): void {
  const space = atTop(doc) ? 0 : 12;
  const need =
    space +
    height(doc, 'Helvetica-Bold', 15, text) +
    4 +
    (explanation ? height(doc, 'Helvetica-Oblique', 11, explanation) + 6 : 0) +
    (follow ?? lines(doc, 2));
  keep(doc, need);
  if (!atTop(doc)) doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(15).fillColor(ink.heading).text(text).moveDown(0.3);
  if (explanation) doc.font('Helvetica-Oblique').fontSize(11).fillColor(ink.muted).text(explanation).moveDown(0.5);
  body(doc);
}

/** An item: a bold label and its indented lines, kept together with at least the first line. */
export function item(doc: Doc, label: string, itemLines: readonly string[], indent = 14): void {
  const first = itemLines[0];
  keep(doc, height(doc, 'Helvetica-Bold', 12, label) + (first ? height(doc, 'Helvetica', 12, first, indent) : 0));
  doc.font('Helvetica-Bold').fontSize(12).fillColor(ink.text).text(label);
  body(doc);
  for (const line of itemLines) doc.text(line, { indent });
  doc.moveDown(0.4);
}

/** Writes "page n of m" centred in every page's bottom margin (the document must buffer its pages). */
export function numberPages(doc: Doc, label: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(ink.muted)
      .text(label(i + 1, range.count), doc.page.margins.left, doc.page.height - bottom / 2 - 5, {
        width: textWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
