/**
 * The family's PDF as a reader's viewer draws it: Debian Chromium renders each page with pdf.js
 * (pdfjs-dist, already a devDependency for reading PDF text) onto a canvas. The pages are not blank,
 * the wheel's colours are painted (each level's colour, and the child's rating dots), and on every
 * page the last text above the page number is not a heading — from the positions pdf.js reports.
 * Screenshots of the pages are kept in test-results/browser/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { translator } from '../../src/i18n';
import { renderFamilyPlanPdf } from '../../src/pdf/family-plan-pdf';
import { levelColours } from '../../src/pdf/family-wheel-pdf';
import { chromiumArgs, chromiumPath, repoRoot } from '../e2e/support/harness';
import { fullFamilyView } from '../support/family-plan-view';
import { resultsDir } from './support';

const origin = 'http://pdf.test';
const pdfjsDir = path.join(repoRoot, 'node_modules', 'pdfjs-dist');

/** The page that draws one PDF page: pdf.js from node_modules, served under a made-up origin. */
const viewer = `<!doctype html><html><body><canvas id="c"></canvas><script type="module">
import * as pdfjs from '/pdfjs/build/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
window.drawPage = async (n) => {
  const data = new Uint8Array(await (await fetch('/plan.pdf')).arrayBuffer());
  const doc = await pdfjs.getDocument({ data, standardFontDataUrl: '/pdfjs/standard_fonts/' }).promise;
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const canvas = document.getElementById('c');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  const ctx = canvas.getContext('2d');
  await page.render({ canvasContext: ctx, canvas, viewport }).promise;
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = {};
  let nonWhite = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const hex = '#' + [pixels[i], pixels[i + 1], pixels[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
    counts[hex] = (counts[hex] ?? 0) + 1;
    if (pixels[i] < 245 || pixels[i + 1] < 245 || pixels[i + 2] < 245) nonWhite++;
  }
  const text = (await page.getTextContent()).items
    .filter((i) => i.str.trim() !== '')
    .map((i) => ({ str: i.str, size: Math.round(Math.hypot(i.transform[0], i.transform[1])), top: viewport.height - i.transform[5] }));
  return { pages: doc.numPages, nonWhite, total: pixels.length / 4, counts, text };
};
window.ready = true;
</script></body></html>`;

type Drawn = {
  pages: number;
  nonWhite: number;
  total: number;
  counts: Record<string, number>;
  text: { str: string; size: number; top: number }[];
};

describe('family plan PDF drawn in the browser (pdf.js on a canvas)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let pdf: Buffer;

  before(async () => {
    pdf = await renderFamilyPlanPdf(fullFamilyView(24), translator('sv'));
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    page = await (await browser.newContext({ viewport: { width: 700, height: 1000 } })).newPage();
    await page.route(`${origin}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: viewer });
      if (url.pathname === '/plan.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
      const file = path.join(pdfjsDir, url.pathname.replace(/^\/pdfjs\//, ''));
      if (!file.startsWith(pdfjsDir) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({
        contentType: file.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream',
        body: fs.readFileSync(file),
      });
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.ready === true');
  });
  after(async () => browser?.close());

  const draw = (n: number) => page.evaluate(`window.drawPage(${n})`) as Promise<Drawn>;

  it('every page is drawn, not blank, numbered, and no heading is the last text above the page number', async () => {
    const first = await draw(1);
    assert.ok(first.pages >= 3, `the plan runs over pages (${first.pages})`);
    fs.mkdirSync(path.join(resultsDir, 'browser'), { recursive: true });
    for (let n = 1; n <= first.pages; n++) {
      const drawn = n === 1 ? first : await draw(n);
      await page.locator('#c').screenshot({ path: path.join(resultsDir, 'browser', `family-pdf-page-${n}.png`) });
      assert.ok(drawn.nonWhite > drawn.total * 0.01, `page ${n} has something drawn on it (${drawn.nonWhite} px)`);
      const text = [...drawn.text].sort((a, b) => a.top - b.top);
      assert.equal(text.at(-1)?.str, `Sida ${n} av ${first.pages}`, `page ${n} ends with its number`);
      const last = text.filter((t) => t.size !== 9).at(-1);
      assert.ok(last && last.size !== 15, `page ${n} ends with "${last?.str}" (size ${last?.size}), a heading`);
      const headings = text.filter((t) => t.size === 15);
      for (const h of headings)
        assert.ok(
          text.some((t) => t.top > h.top && t.size !== 15 && t.size !== 11 && t.size !== 9),
          `heading "${h.str}" on page ${n} has its first lines under it`,
        );
    }
  });

  it('the wheel is painted in its colours, with the child’s rating dots beside the levels', async () => {
    const first = await draw(1);
    const painted = new Map<string, number>();
    for (let n = 1; n <= first.pages; n++) {
      const drawn = await draw(n);
      const areaText = drawn.text.map((t) => t.str).join(' ');
      if (!areaText.includes('Hjulet')) continue;
      for (const [hex, count] of Object.entries(drawn.counts)) painted.set(hex, (painted.get(hex) ?? 0) + count);
    }
    for (const [level, hex] of Object.entries(levelColours))
      assert.ok((painted.get(hex) ?? 0) > 500, `the wheel shows "${level}" in ${hex} (${painted.get(hex) ?? 0} px)`);
    assert.ok((painted.get('#3b6fb6') ?? 0) > 50, 'the child’s rating dots are painted');
  });
});
