/** A consent sheet (consent-sheet.ts) as a PDF, with the same library and type as the family plan. */
import { loadPdfKit } from './family-plan-pdf';
import type { Sheet } from './consent-sheet';

export async function renderSheetPdf(sheet: Sheet): Promise<Buffer> {
  const PdfKit = await loadPdfKit();
  const doc = new PdfKit({ size: 'A4', margin: 56, info: { Title: sheet.title, Creator: 'Samsyn' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(22).fillColor('#1f3a5f').text(sheet.title);
  doc.font('Helvetica').fontSize(12).fillColor('#000000');
  for (const b of sheet.blocks) {
    // A heading never ends a page: it moves with the first lines below it.
    if (doc.y + 90 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(0.8);
    if (b.heading !== '') doc.font('Helvetica-Bold').fontSize(15).fillColor('#1f3a5f').text(b.heading).moveDown(0.3);
    doc.font('Helvetica').fontSize(12).fillColor('#000000');
    for (const p of b.paragraphs) doc.text(p).moveDown(0.3);
    for (const item of b.bullets) doc.text(`•  ${item}`, { indent: 14 });
  }
  if (sheet.formLines.length > 0) {
    if (doc.y + 40 * sheet.formLines.length > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1);
    for (const line of sheet.formLines) doc.text(line).moveDown(1.2);
  }
  doc.moveDown(1).fontSize(9).fillColor('#555555').text(sheet.footer);
  doc.end();
  return done;
}
