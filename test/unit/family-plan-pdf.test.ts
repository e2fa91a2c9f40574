/**
 * The family's PDF as the family reads it (text taken out with pdfjs): every part under its heading
 * with its explanation, the professionals' free text as written, the child's own words and ratings
 * beside the group's levels, a guardian's view, who to contact and the next meeting, in Swedish and
 * English, pages numbered — and, over many lengths of text, no heading is left at the bottom of a page
 * without the first lines of what it heads.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FamilyPlanView } from '../../src/domain/family-plan';
import { translator } from '../../src/i18n';
import { renderFamilyPlanPdf } from '../../src/pdf/family-plan-pdf';
import { fullFamilyView } from '../support/family-plan-view';
import { pdfFillColours, pdfText, pdfTextItems } from '../support/pdf-text';

const render = async (view: FamilyPlanView, lang: 'sv' | 'en') =>
  new Uint8Array(await renderFamilyPlanPdf(view, translator(lang)));

/** The words pdfjs gives back with its line breaks and item gaps folded to single spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('family plan PDF: content', function () {
  this.timeout(60_000);

  it('in Swedish: headings, explanations, free text as written, the child’s words and ratings, contacts, next meeting', async () => {
    const pdf = await render(fullFamilyView(), 'sv');
    const text = flat(await pdfText(pdf));
    const expected = [
      // headings and their explanations
      'Barnets egna ord',
      'Det här har barnet själv sagt. Vi har skrivit det så som barnet sa det.',
      'Därför har vi en plan',
      'Det här är skälet till att vi gör en plan tillsammans.',
      'Det här vill vi ska bli bättre',
      'Vem hjälper till med vad',
      'Här står vad var och en ska göra, och när det ska vara klart.',
      'Område för område',
      'Hjulet – hur det går just nu',
      'Tabellen under hjulet säger samma sak i ord.',
      'Vem barnet ville ha som kontaktperson',
      'Det vi inte är överens om',
      'Din kontaktperson',
      'De här personerna kan du kontakta om planen.',
      'Nästa gång vi ses',
      // the professionals' free text, as written
      'Kim kommer ofta för sent till skolan och är trött på lektionerna.',
      'Morgonschema med bilder',
      'Så märker vi att det hjälper: Färre sena ankomster',
      'Det här behövs: Lugna morgnar',
      'Vårdnadshavarna säger: ”Vi vill ha hjälp med rutiner”',
      'Kim ville helst ha Bo som kontaktperson.',
      'Pappa tycker att morgnarna går bra.',
      // the child's own words and ratings
      '”Jag vill att morgnarna ska vara lugna och att jag får spela fotboll.”',
      'Så känns det: Svårt',
      'Det här är svårt: ”Det är bråkigt på morgonen”',
      'Önskan: ”Lugnare morgnar”',
      'Det här är bra: ”Fotbollen på tisdagar”',
      'Barnet säger: ”Det är stökigt hemma på morgonen”',
      'Med barnets egna ord: ”Jag vill hinna äta frukost”',
      // the wheel's table: the group's level in words, the child's rating beside it
      'Område Vi tillsammans Barnet själv',
      'Trygghet Stor oro Svårt',
      'Hälsa Lite oro Inget svar',
      'Fritid Det går bra Bra',
      'Tillhörighet Inte pratat om Inget svar',
      // a guardian's own view
      'Vårdnadshavarens ord: Vårdnadshavare 1',
      'Så känns det: Sådär',
      'Det här är svårt: ”Kim somnar sent”',
      // who to contact, and when we meet next
      'Samordningsperson – håller ihop planen',
      'Bo Ek, Socialtjänsten, Lunda kommun E-post: bo.ek@lunda.example',
      'Barnets bästa-ansvarig – finns i barnets vardag',
      'Anna Lind, Norrskolan E-post: anna.lind@lunda.example',
      'Nästa möte: 2026-12-01 09:00.',
      'Vi går igenom planen tillsammans igen senast 2027-01-20.',
      'Planens version 3, 2026-11-20.',
    ];
    for (const e of expected) assert.ok(text.includes(e), `expected "${e}" in:\n${text}`);
    const pages = await pdfTextItems(pdf);
    pages.forEach((p, i) =>
      assert.ok(
        p.items.some((x) => x.str === `Sida ${i + 1} av ${pages.length}`),
        `page ${i + 1} is numbered`,
      ),
    );
    assert.ok(
      text.indexOf('Barnets egna ord') < text.indexOf('Därför har vi en plan'),
      'the child’s words come before everything else',
    );
    const colours = await pdfFillColours(pdf);
    for (const c of ['#e05252', '#f6c343', '#4caf50', '#c9ced6', '#3b6fb6'])
      assert.ok(colours.has(c), `colour ${c} in ${[...colours].join(',')}`);
  });

  it('in English, the same parts', async () => {
    const text = flat(await pdfText(await render(fullFamilyView(), 'en')));
    for (const e of [
      'In the child’s own words'.replace('’', "'"),
      'This is what the child said.',
      'Why we have a plan',
      'Who helps with what',
      'The wheel – how things are right now',
      'Area All of us The child',
      'Trygghet Big worry Hard',
      'How it feels: Good',
      '“Jag vill att morgnarna ska vara lugna och att jag får spela fotboll.”',
      'What we do not agree on',
      'Your contact person',
      'Lead professional – keeps the plan together',
      'Named person – in the child',
      'When we meet next',
      'Next meeting: 2026-12-01 09:00.',
      'Page 1 of',
    ])
      assert.ok(text.includes(e), `expected "${e}" in:\n${text}`);
  });

  it('without a recorded voice, contacts or meeting: no child column, no empty sections, and it says so', async () => {
    const rest = { ...fullFamilyView(), voice: undefined };
    const { voice, ...noVoice } = rest;
    assert.equal(voice, undefined);
    const view: FamilyPlanView = {
      ...noVoice,
      needs: rest.needs.map((n) => ({ ...n, childView: '' })),
      goals: [],
      namedPersons: [],
      lead: null,
      nextMeeting: null,
      followUpDate: null,
      disagreements: '',
    };
    const text = flat(await pdfText(await render(view, 'sv')));
    assert.ok(!text.includes('Barnets egna ord'), text);
    assert.ok(!text.includes('Barnet själv'), text);
    assert.ok(!text.includes('Det vi inte är överens om'), text);
    assert.ok(text.includes('Trygghet Stor oro'), text);
    assert.ok(text.includes('Ingen kontaktperson är utsedd ännu.'), text);
    assert.ok(text.includes('Ingen tid är bestämd ännu.'), text);
  });
});

describe('family plan PDF: layout', function () {
  this.timeout(120_000);

  it('over many lengths of text, no heading ends a page: its explanation and first lines follow it there', async () => {
    const headingSize = 15;
    const explanationSize = 11;
    const footerSize = 9;
    let pagesSeen = 0;
    for (let padding = 0; padding <= 150; padding += 6) {
      const view = { ...fullFamilyView(padding), lenses: [] };
      const pages = await pdfTextItems(await render(view, 'sv'));
      pagesSeen += pages.length;
      pages.forEach((page, p) => {
        const items = [...page.items].filter((x) => x.size !== footerSize).sort((a, b) => a.top - b.top);
        items.forEach((x, k) => {
          if (x.size !== headingSize) return;
          const after = items.slice(k + 1).filter((y) => y.size !== explanationSize || y.top > x.top + 60);
          assert.ok(
            after.some((y) => y.size !== headingSize),
            `padding ${padding}, page ${p + 1}: heading "${x.str}" has nothing of its own under it`,
          );
        });
      });
    }
    assert.ok(pagesSeen > 26 * 3, 'the plans run over several pages');
  });
});

describe('family plan PDF: how it leaves', () => {
  it('never by e-mail: no source sends mail or attaches a file (it is downloaded in the tab or by a one-time link)', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
      });
    const offenders = files(path.join(__dirname, '..', '..', 'src')).filter((f) =>
      /sendMail|fileAttachment|contentBytes|@odata\.type['"]?:\s*['"]#microsoft\.graph\.\w*attachment/i.test(
        fs.readFileSync(f, 'utf8'),
      ),
    );
    assert.deepEqual(offenders, []);
  });
});
