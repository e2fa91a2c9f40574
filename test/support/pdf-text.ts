/** The text of a PDF, page by page, extracted with pdfjs-dist (legacy build, runs in Node). */
export async function pdfText(data: Uint8Array): Promise<string> {
  // A real dynamic import (not turned into require by the CommonJS transform): pdfjs is ESM only.
  const pdfjs = (await (new Function('s', 'return import(s)') as (s: string) => Promise<unknown>)(
    'pdfjs-dist/legacy/build/pdf.mjs',
  )) as typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

/** The fill colours used on the first page that holds vector drawing (hex, e.g. "#4caf50"). */
export async function pdfFillColours(data: Uint8Array): Promise<Set<string>> {
  const pdfjs = (await (new Function('s', 'return import(s)') as (s: string) => Promise<unknown>)(
    'pdfjs-dist/legacy/build/pdf.mjs',
  )) as typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const colours = new Set<string>();
  for (let i = 1; i <= doc.numPages; i++) {
    const ops = await (await doc.getPage(i)).getOperatorList();
    ops.fnArray.forEach((fn, k) => {
      if (fn === pdfjs.OPS.setFillRGBColor) colours.add(String(ops.argsArray[k]?.[0]).toLowerCase());
    });
  }
  await doc.destroy();
  return colours;
}

/** One piece of text on a page: its string, font size and baseline (points from the page's top). */
export interface PlacedText {
  readonly str: string;
  readonly size: number;
  readonly top: number;
}

/** The text of each page with its font size and position (for layout checks: what is last on a page). */
export async function pdfTextItems(data: Uint8Array): Promise<{ height: number; items: PlacedText[] }[]> {
  const pdfjs = (await (new Function('s', 'return import(s)') as (s: string) => Promise<unknown>)(
    'pdfjs-dist/legacy/build/pdf.mjs',
  )) as typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: { height: number; items: PlacedText[] }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const height = page.getViewport({ scale: 1 }).height;
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== ''
        ? [
            {
              str: item.str,
              size: Math.round(Math.hypot(item.transform[0], item.transform[1])),
              top: height - item.transform[5],
            },
          ]
        : [],
    );
    pages.push({ height, items });
  }
  await doc.destroy();
  return pages;
}
