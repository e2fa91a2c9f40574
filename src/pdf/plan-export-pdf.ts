/**
 * The agency's copy of the agreed plan as a PDF (pdfkit): the same document as the JSON export
 * (domain/plan-export.ts) laid out for a record system's file — the SIP label or what the copy lacks
 * for it, the plan as the unit may see it, the parts withheld by category, and the consent records it
 * rests on. It renders a PlanExport only, so nothing the JSON does not hold can reach the page.
 */
import type { TFunction } from 'i18next';
import type { PlanExport } from '../domain/plan-export';
import { loadPdfKit } from './family-plan-pdf';

type Doc = InstanceType<Awaited<ReturnType<typeof loadPdfKit>>>;

function heading(doc: Doc, text: string): void {
  // Keep a heading with at least a few lines of its section.
  if (doc.y + 80 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.7).font('Helvetica-Bold').fontSize(13).fillColor('#1f3a5f').text(text).moveDown(0.2);
  doc.font('Helvetica').fontSize(10.5).fillColor('#000000');
}

function line(doc: Doc, label: string, value: string): void {
  doc
    .font('Helvetica-Bold')
    .text(`${label}: `, { continued: true })
    .font('Helvetica')
    .text(value || '–');
}

function writeSip(doc: Doc, e: PlanExport, t: TFunction): void {
  if (e.sip.met) {
    doc.font('Helvetica-Bold').fontSize(14).fillColor('#1b5e20').text(t('planExport.sipLabel'));
    doc.font('Helvetica').fontSize(10.5).fillColor('#000000').text(t('planExport.sipMet'));
    return;
  }
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#8a4b00').text(t('planExport.notSip'));
  doc.font('Helvetica').fontSize(10.5).fillColor('#000000');
  for (const m of e.sip.missing)
    doc.text(
      `•  ${t(`planExport.criteria.${m.criterion}`)}${m.withheld ? ` (${t('planExport.withheldFromCopy')})` : ''}`,
      { indent: 8 },
    );
}

function writePlan(doc: Doc, e: PlanExport, t: TFunction): void {
  const p = e.plan;
  heading(doc, t('plan.reason'));
  doc.text(p.reason ?? t('planExport.withheldFromCopy'));
  heading(doc, t('plan.needsHeading'));
  if (p.needs.length === 0) doc.text('–');
  for (const n of p.needs) {
    doc.font('Helvetica-Bold').text(n.area).font('Helvetica');
    const level = n.level ? t(`familyPlan.level.${n.level}`) : t('plan.noLevel');
    doc.text(`${t('plan.level')}: ${level}`, { indent: 12 });
    if (n.need) doc.text(`${t('planExport.need')}: ${n.need}`, { indent: 12 });
    if (n.childView) doc.text(`${t('plan.childView')}: ${n.childView}`, { indent: 12 });
    if (n.guardianView) doc.text(`${t('plan.guardianView')}: ${n.guardianView}`, { indent: 12 });
  }
  heading(doc, t('plan.goalsHeading'));
  if (p.goals === undefined) doc.text(t('planExport.withheldFromCopy'));
  else for (const g of p.goals) doc.text(`•  ${g.goal}${g.inChildsWords ? ` – “${g.inChildsWords}”` : ''}`);
  heading(doc, t('plan.actionsHeading'));
  if (p.actions === undefined) doc.text(t('planExport.withheldFromCopy'));
  else
    for (const a of p.actions) {
      doc.font('Helvetica-Bold').text(a.what).font('Helvetica');
      doc.text(`${t('plan.who')}: ${a.who}, ${a.unit.name}`, { indent: 12 });
      if (a.byWhen) doc.text(`${t('plan.byWhen')}: ${a.byWhen}`, { indent: 12 });
      if (a.howWeWillKnow) doc.text(`${t('plan.how')} ${a.howWeWillKnow}`, { indent: 12 });
    }
  heading(doc, t('plan.leadHeading'));
  const withheld = t('planExport.withheldFromCopy');
  line(doc, t('planExport.childsWish'), p.childsWishForLead ?? withheld);
  line(
    doc,
    t('plan.lead'),
    p.leadProfessional === undefined
      ? withheld
      : p.leadProfessional
        ? `${p.leadProfessional.name}, ${p.leadProfessional.unit.name}`
        : '',
  );
  line(doc, t('plan.followUp'), p.followUpDate === undefined ? withheld : (p.followUpDate ?? ''));
  line(doc, t('plan.disagreements'), p.disagreements ?? withheld);
}

function writeWithheld(doc: Doc, e: PlanExport, t: TFunction): void {
  heading(doc, t('planExport.withheldHeading'));
  if (e.coverage.complete) {
    doc.text(t('planExport.complete'));
    return;
  }
  doc.text(t('planExport.partial'));
  const category = (c: string) => t(c === 'all-categories' ? 'planExport.allCategories' : `categories.${c}`);
  for (const f of e.withheld.fields)
    doc.text(`•  ${t(`planExport.fields.${f.field.replace(/^plan\./, '')}`)} (${category(f.category)})`, { indent: 8 });
  for (const a of e.withheld.areas) doc.text(`•  ${a.label} (${category(a.category)})`, { indent: 8 });
}

function writeConsents(doc: Doc, e: PlanExport, t: TFunction): void {
  heading(doc, t('planExport.consentsHeading'));
  if (e.consents.length === 0) doc.text(t('planExport.noConsent'));
  for (const c of e.consents) {
    const kinds = c.givenBy.map((g) => t(`planExport.givenBy.${g.kind}`)).join(', ');
    line(doc, t('planExport.givenByLabel'), kinds);
    line(doc, t('planExport.units'), c.units.map((u) => u.name).join(', '));
    line(doc, t('planExport.categories'), c.informationCategories.map((k) => t(`categories.${k}`)).join(', '));
    line(doc, t('planExport.purpose'), c.purpose);
    line(doc, t('planExport.period'), `${c.validFrom.slice(0, 10)} – ${c.validTo.slice(0, 10)}`);
    line(doc, t('consent.obtainedHow'), c.obtainedHow ? t(`consent.methods.${c.obtainedHow}`) : '');
    line(doc, t('planExport.sheetVersion'), c.sheetVersion ?? '');
    doc.moveDown(0.4);
  }
}

export async function renderPlanExportPdf(e: PlanExport, t: TFunction): Promise<Buffer> {
  const PdfKit = await loadPdfKit();
  const title = t('planExport.title');
  const doc = new PdfKit({ size: 'A4', margin: 50, info: { Title: title, Creator: 'Samsyn' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#1f3a5f').text(title);
  doc.font('Helvetica').fontSize(10.5).fillColor('#000000').moveDown(0.3);
  line(doc, t('planExport.reference'), `${e.case.reference} (${e.case.unit.name})`);
  line(
    doc,
    t('planExport.version'),
    t('planExport.versionText', { version: e.plan.version, date: e.plan.agreedAt.slice(0, 10), by: e.plan.agreedBy }),
  );
  line(
    doc,
    t('planExport.exportedBy'),
    `${e.exportedBy.name}, ${e.exportedBy.unit.name}, ${e.exportedAt.slice(0, 10)}`,
  );
  doc.moveDown(0.5);
  writeSip(doc, e, t);
  writePlan(doc, e, t);
  writeWithheld(doc, e, t);
  writeConsents(doc, e, t);
  doc
    .moveDown(1)
    .fontSize(8.5)
    .fillColor('#555555')
    .text(t('planExport.footer', { schema: e.schema, version: e.schemaVersion }));
  doc.end();
  return done;
}
