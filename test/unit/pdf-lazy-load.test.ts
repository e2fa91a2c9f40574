/**
 * pdfkit (with fontkit, brotli and its font data) is loaded on the first family PDF, not with the
 * app: loaded at start it kept about 4 MB of JavaScript heap and 30 MB of RSS in every process for
 * a rarely used route (bench/profile-findings.json, RSS). Checked in a fresh Node process, so the
 * module cache is the app's own and not this test run's.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

const script = `
const pdfkitLoaded = () => Object.keys(require.cache).some((f) => f.includes('/node_modules/pdfkit/'));
require('./src/http/app.ts');
const withApp = pdfkitLoaded();
const { renderFamilyPlanPdf } = require('./src/pdf/family-plan-pdf.ts');
const { translator } = require('./src/i18n/index.ts');
const view = {
  version: 1, agreedOn: '2026-01-15', reason: 'Oro i skolan', goals: [{ goal: 'Trygg i klassen', inChildsWords: '' }],
  actions: [], needs: [], wheel: [{ areaId: 'trygghet', area: 'Trygghet', level: 'some' }], childsWishForLead: '',
  disagreements: '', lead: null, namedPersons: [], followUpDate: null, nextMeeting: null, lenses: [],
};
renderFamilyPlanPdf(view, translator('sv')).then((pdf) => {
  process.stdout.write(JSON.stringify({ withApp, afterFirstPdf: pdfkitLoaded(), header: pdf.subarray(0, 5).toString('latin1'), bytes: pdf.length }));
});
`;

describe('pdfkit is loaded on the first family PDF, not with the app', function () {
  this.timeout(60_000);

  it('the app loads without pdfkit; the first PDF loads it and renders a PDF', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out) as { withApp: boolean; afterFirstPdf: boolean; header: string; bytes: number };
    assert.equal(r.withApp, false, 'src/http/app.ts and its imports must not load pdfkit');
    assert.equal(r.afterFirstPdf, true);
    assert.equal(r.header, '%PDF-');
    assert.ok(r.bytes > 1000, `a PDF of ${r.bytes} bytes`);
  });
});
