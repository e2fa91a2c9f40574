import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAnonymity, findIdentifyingKinds } from '../../src/domain/anonymity-guard';
import { classifyIdNumber, luhnValid, normalisePersonnummer, type IdNumberKind } from '../../src/domain/personnummer';

const RUNS = { numRuns: 300 };

// ---- Generators -------------------------------------------------------------------------------

/** Check digit computed here independently of the production code: weights 2,1,2,1,... */
function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  [...nineDigits].forEach((char, index) => {
    const product = Number(char) * (index % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  });
  return (10 - (sum % 10)) % 10;
}

function withCheckDigit(nineDigits: string): string {
  return nineDigits + String(luhnCheckDigit(nineDigits));
}

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const anyRealDate: fc.Arbitrary<CalendarDate> = fc
  .date({ min: new Date(Date.UTC(1890, 0, 1)), max: new Date(Date.UTC(2025, 11, 31)), noInvalidDate: true })
  .map((date) => ({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }));
const leapDay: fc.Arbitrary<CalendarDate> = fc
  .integer({ min: 1890, max: 2096 })
  .filter(isLeapYear)
  .map((year) => ({ year, month: 2, day: 29 }));
const realDate = fc.oneof(anyRealDate, leapDay);

const ID_FORMATS = ['YYMMDDNNNN', 'YYMMDD-NNNN', 'YYMMDD+NNNN', 'YYYYMMDDNNNN', 'YYYYMMDD-NNNN'] as const;
type IdFormat = (typeof ID_FORMATS)[number];

function formatIdNumber(year: number, mmdd: string, serial4: string, format: IdFormat): string {
  const yy = pad(year % 100);
  switch (format) {
    case 'YYMMDDNNNN':
      return `${yy}${mmdd}${serial4}`;
    case 'YYMMDD-NNNN':
      return `${yy}${mmdd}-${serial4}`;
    case 'YYMMDD+NNNN':
      return `${yy}${mmdd}+${serial4}`;
    case 'YYYYMMDDNNNN':
      return `${year}${mmdd}${serial4}`;
    case 'YYYYMMDD-NNNN':
      return `${year}${mmdd}-${serial4}`;
  }
}

interface GeneratedId {
  valid: string;
  wrongCheckDigit: string;
  format: IdFormat;
}

function idNumber(kind: IdNumberKind): fc.Arbitrary<GeneratedId> {
  return fc
    .record({
      date: realDate,
      serial: fc.integer({ min: 0, max: 999 }),
      wrongBy: fc.integer({ min: 1, max: 9 }),
      format: fc.constantFrom(...ID_FORMATS),
    })
    .map(({ date, serial, wrongBy, format }) => {
      const day = kind === 'samordningsnummer' ? date.day + 60 : date.day;
      const mmdd = pad(date.month) + pad(day);
      const check = luhnCheckDigit(pad(date.year % 100) + mmdd + pad(serial, 3));
      const build = (digit: number): string => formatIdNumber(date.year, mmdd, pad(serial, 3) + String(digit), format);
      return { valid: build(check), wrongCheckDigit: build((check + wrongBy) % 10), format };
    });
}

const SWEDISH_WORDS = [
  'barnet',
  'har',
  'svårt',
  'med',
  'läsning',
  'och',
  'skriver',
  'gärna',
  'på',
  'rasten',
  'vårdnadshavare',
  'önskar',
  'stöd',
  'från',
  'elevhälsan',
  'är',
  'numret',
  'ring',
  'kontakt',
  'äter',
  'frukost',
  'mår',
  'bättre',
  'i',
  'skolan',
  'övningar',
  'Åsa',
  'för',
  'träffas',
  'Öppen',
  'förskola',
  'kurator',
];
const PUNCTUATION = [',', '.', ':', ';', '!', '?', '(', ')', '"', '–', '/'];
const swedishText = fc
  .array(fc.oneof(fc.constantFrom(...SWEDISH_WORDS), fc.constantFrom(...PUNCTUATION)), { maxLength: 12 })
  .map((tokens) => tokens.join(' '));
interface Edges {
  left: fc.Arbitrary<string>;
  right: fc.Arbitrary<string>;
}
const leftEdge: fc.Arbitrary<string> = fc.constantFrom(' ', ': ', ' (', '\n', ', ', '');
const rightEdge: fc.Arbitrary<string> = fc.constantFrom(' ', '. ', ', ', ') ', '\n', '!', '');

/** The value inside random Swedish text; the text itself holds no digits. */
function embedded(
  value: fc.Arbitrary<string>,
  edges: Edges = { left: leftEdge, right: rightEdge },
): fc.Arbitrary<string> {
  return fc.tuple(swedishText, edges.left, value, edges.right, swedishText).map((parts) => parts.join(''));
}

const digitString = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength }).map((digits) => digits.join(''));

function groupDigits(digits: string, sizes: readonly number[], separator: string): string {
  const groups: string[] = [];
  let rest = digits;
  for (const size of sizes) {
    if (rest.length <= 3) break;
    const take = rest.length === 4 ? 2 : size;
    groups.push(rest.slice(0, take));
    rest = rest.slice(take);
  }
  if (rest.length > 0) groups.push(rest);
  return groups.join(separator);
}

const PHONE_FORMATS = [
  'national-compact',
  'national-dash-spaces',
  'national-spaces',
  'national-dashes',
  'international-spaces',
  'international-compact',
  'international-dash',
  'zero-zero-spaces',
] as const;

const mobileAreaCode = fc.constantFrom('70', '72', '73', '76', '79');
/**
 * Real Swedish area codes (PTS numbering plan) with the subscriber lengths used there: 08 (Stockholm,
 * the only one-digit code) 6-8 digits, two-digit codes 6-7, three-digit codes 5-6.
 */
const landlineAreaCode = fc.constantFrom(
  '8',
  '31',
  '40',
  '46',
  '13',
  '18',
  '19',
  '21',
  '23',
  '26',
  '35',
  '36',
  '42',
  '54',
  '60',
  '63',
  '90',
  '470',
  '480',
  '500',
  '501',
  '520',
  '612',
  '660',
  '911',
  '920',
  '980',
);
const subscriberLength = (area: string, extra: number): number =>
  (area.length === 1 ? 6 : area.length === 2 ? 6 : 5) + Math.min(extra, area.length === 1 ? 2 : 1);

const phoneNumber = fc
  .record({
    mobile: fc.boolean(),
    mobileArea: mobileAreaCode,
    landlineArea: landlineAreaCode,
    extraDigits: fc.integer({ min: 0, max: 2 }),
    // A subscriber number never starts with 0 (that is the trunk prefix).
    digits: fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(7, 7)).map(([first, rest]) => `${first}${rest}`),
    groupSizes: fc.array(fc.constantFrom(2, 3), { minLength: 4, maxLength: 4 }),
    format: fc.constantFrom(...PHONE_FORMATS),
  })
  .map((spec) => {
    const area = spec.mobile ? spec.mobileArea : spec.landlineArea;
    const subscriber = spec.digits.slice(0, spec.mobile ? 7 : subscriberLength(area, spec.extraDigits));
    const spaced = groupDigits(subscriber, spec.groupSizes, ' ');
    switch (spec.format) {
      case 'national-compact':
        return `0${area}${subscriber}`;
      case 'national-dash-spaces':
        return `0${area}-${spaced}`;
      case 'national-spaces':
        return `0${area} ${spaced}`;
      case 'national-dashes':
        return `0${area}-${groupDigits(subscriber, spec.groupSizes, '-')}`;
      case 'international-spaces':
        return `+46 ${area} ${spaced}`;
      case 'international-compact':
        return `+46${area}${subscriber}`;
      case 'international-dash':
        return `+46 ${area}-${spaced}`;
      case 'zero-zero-spaces':
        return `0046 ${area} ${spaced}`;
    }
  });

// ---- Property tests ---------------------------------------------------------------------------

describe('anonymity guard: generated identifying data', () => {
  for (const kind of ['personnummer', 'samordningsnummer'] as const) {
    const other = kind === 'personnummer' ? 'samordningsnummer' : 'personnummer';

    it(`reports a valid ${kind} in every format inside running text`, () => {
      fc.assert(
        fc.property(
          idNumber(kind).chain((id) => embedded(fc.constant(id.valid))),
          (text) => {
            const kinds = findIdentifyingKinds(text);
            assert.ok(kinds.includes(kind), `expected ${kind} in ${JSON.stringify(text)}, got ${kinds.join(',')}`);
            assert.ok(!kinds.includes(other));
          },
        ),
        RUNS,
      );
    });

    it(`classifies every generated ${kind} and never one with a wrong check digit`, () => {
      fc.assert(
        fc.property(idNumber(kind), (id) => {
          assert.equal(classifyIdNumber(id.valid), kind);
          assert.equal(classifyIdNumber(id.wrongCheckDigit), null);
        }),
        RUNS,
      );
    });

    it(`reports a mistyped ${kind} (wrong check digit) written with - or +, never one written as bare digits`, () => {
      fc.assert(
        fc.property(
          idNumber(kind).chain((id) =>
            embedded(fc.constant(id.wrongCheckDigit)).map((text) => ({ text, format: id.format })),
          ),
          ({ text, format }) => {
            const kinds = findIdentifyingKinds(text);
            if (/[-+]/.test(format)) {
              assert.ok(kinds.includes(kind), `expected ${kind} in ${JSON.stringify(text)}, got ${kinds.join(',')}`);
            } else {
              assert.ok(!kinds.includes('personnummer'), `personnummer reported in ${JSON.stringify(text)}`);
              assert.ok(!kinds.includes('samordningsnummer'), `samordningsnummer reported in ${JSON.stringify(text)}`);
            }
          },
        ),
        RUNS,
      );
    });
  }

  it('covers every identity number format in the generator', () => {
    const seen = new Set(fc.sample(idNumber('personnummer'), 500).map((id) => id.format));
    assert.deepEqual([...seen].sort(), [...ID_FORMATS].sort());
  });

  it('reports phone numbers in every format inside running text', () => {
    fc.assert(
      fc.property(embedded(phoneNumber), (text) => {
        const kinds = findIdentifyingKinds(text);
        assert.ok(kinds.includes('phone'), `expected phone in ${JSON.stringify(text)}, got ${kinds.join(',')}`);
      }),
      RUNS,
    );
  });

  it('does not report numbers with a leading 0 but too few or too many digits as phone numbers', () => {
    const wrongLength = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.oneof(digitString(3, 5), digitString(9, 11)))
      .map(([first, rest]) => `0${first}${rest}`);
    fc.assert(
      fc.property(embedded(wrongLength), (text) => {
        assert.ok(!findIdentifyingKinds(text).includes('phone'), `phone reported in ${JSON.stringify(text)}`);
      }),
      RUNS,
    );
  });

  it('reports e-mail addresses inside running text', () => {
    const whitespace: Edges = { left: fc.constantFrom(' ', '\n', ' <'), right: fc.constantFrom(' ', '\n', '> ') };
    fc.assert(
      fc.property(embedded(fc.emailAddress(), whitespace), (text) => {
        const kinds = findIdentifyingKinds(text);
        assert.ok(kinds.includes('email'), `expected email in ${JSON.stringify(text)}`);
      }),
      RUNS,
    );
  });

  it('never puts any digit of the text into its findings', () => {
    const identifying = fc.oneof(
      idNumber('personnummer').map((id) => id.valid),
      idNumber('samordningsnummer').map((id) => id.valid),
      phoneNumber,
    );
    fc.assert(
      fc.property(embedded(identifying), (text) => {
        const findings = checkAnonymity({ fritext: text });
        assert.equal(findings.length, 1);
        assert.ok(!/\d/.test(JSON.stringify(findings)));
      }),
      RUNS,
    );
  });
});

// ---- Examples ---------------------------------------------------------------------------------

describe('anonymity guard: examples', () => {
  const phones = [
    '070-123 45 67',
    '0701234567',
    '+46 70 123 45 67',
    '+46701234567',
    '08-123 456 78',
    '031-12 34 56',
    '0046 8 123 456 78',
    '+46 (0)70-123 45 67',
    '0470-12 34 56',
    '08 123 456 78',
  ];
  for (const phone of phones) {
    it(`reports "${phone}" as a phone number`, () => {
      assert.deepEqual(findIdentifyingKinds(`Ring mamma på ${phone} efter kl 16.`), ['phone']);
    });
  }

  it('reports a phone number followed by an unrelated number', () => {
    assert.deepEqual(findIdentifyingKinds('Nås på 070-123 45 67 3 gånger i veckan'), ['phone']);
  });

  it('reports identity numbers next to letters and punctuation', () => {
    assert.deepEqual(findIdentifyingKinds('pnr:811218-9876.'), ['personnummer']);
    assert.deepEqual(findIdentifyingKinds('(19811218-9876)'), ['personnummer']);
    assert.deepEqual(findIdentifyingKinds('samordningsnr 811278-9873'), ['samordningsnummer']);
  });

  it('reports a mistyped number written as bare digits after a word naming it, in the forms people write', () => {
    // 150412 1234 has a wrong check digit (…1235 is valid) and no "-" or "+": only the word before it tells.
    const cues = [
      'personnumret är',
      'personnummret:',
      'personnumer',
      'person nummer',
      'personnr',
      'pers.nr.',
      'p-nr',
      'födelsenummer',
      'id-nummer',
      'född',
      'personal identity number',
      'ID number:',
      'social security number',
      'SSN',
      'born',
    ];
    for (const cue of cues)
      assert.deepEqual(findIdentifyingKinds(`Kims ${cue} 150412 1234 enligt skolan`), ['personnummer'], cue);
    assert.deepEqual(findIdentifyingKinds('samordningsnumret 150472 1234'), ['samordningsnummer']);
    // Without such a word the same digits are not taken for a number (an order number, a time and a count).
    assert.deepEqual(findIdentifyingKinds('Ordern 150412 1234 skickades'), []);
  });

  it("reports a child's account on social media, and not a platform named without one", () => {
    const accounts = [
      'Hon har snapchat: kimtestsson',
      'instagram @kim',
      'Eleven skriver som @kim_2015 i gruppen.',
      'se tiktok.com/@kimmy',
      'https://www.facebook.com/kim.testsson',
      'på TikTok heter hon lilla.my07',
      'på Roblox heter ali2011.',
      'Insta-användarnamnet är kim.t',
      'användarnamnet på Discord är noah_14',
      'hennes instagramkonto: kimmy07',
    ];
    for (const text of accounts) assert.deepEqual(findIdentifyingKinds(text), ['social-media'], text);
    const ordinary = [
      'Hon är mycket på TikTok och Snapchat på kvällarna.',
      'Snapchat är ett problem hemma.',
      'Kontot på Instagram är privat.',
      'Skriv till @kurator på plattformen.',
      'Klassen har en Discord-server.',
      'Snapchat-kontot är privat.',
      'Användarnamnet på Instagram är okänt',
      'Skärmtid: Snapchat: 3 timmar, TikTok: 2 timmar',
      'Instagram: ja, Snapchat: nej',
      'Filmen på netflix.com/title/123',
      'Möte @14.00',
      'Frågor om Snapchat? Kontakta @kurator',
    ];
    for (const text of ordinary) assert.deepEqual(findIdentifyingKinds(text), [], text);
    // An e-mail address written with a space before its @ stays an e-mail address.
    assert.deepEqual(findIdentifyingKinds('anna @skola.se'), ['email']);
  });

  it('does not report an identity number inside a longer run of digits', () => {
    assert.deepEqual(findIdentifyingKinds('kod 18112189876 och 81121898761'), []);
  });

  it('reports several kinds in a fixed order', () => {
    const text = 'Mejla anna.svensson@skola.goteborg.se eller ring 0701234567, pnr 811218-9876, snr 811278-9873';
    assert.deepEqual(findIdentifyingKinds(text), ['personnummer', 'samordningsnummer', 'phone', 'email']);
  });

  it('reports e-mail addresses with Swedish letters', () => {
    assert.deepEqual(findIdentifyingKinds('Kontakta Åsa.Öberg@förskola.kommun.se'), ['email']);
  });

  const ordinaryTexts = [
    'Mötet hålls 2026-05-12 kl 08.30 i personalrummet.',
    'Vi ses 12/5 och 3/4.',
    'Uppföljning 12 maj 2026.',
    'Datum 01-02-2026 och 1.2.2026 och 01/02/2026 och 01.02.2026.',
    'Den 01-02-2026 12 elever var borta.',
    'Tid 08:30-12:00, sedan 13.00–15.30.',
    'Eleven går i år 7, tidigare åk 3, nu klass 4B.',
    'Frånvaron är 45 % och ibland 12,5%.',
    'Det är 12 elever i gruppen och stöd 3 gånger i veckan.',
    'Barnet är 10 år; syskonen är 7–9 år.',
    'Skolans organisationsnummer är 212000-0142, företagets 556677-8899.',
    'Läsåret 2026 började bra.',
    'Kostnaden är 1 500 kr per termin, totalt 12 000 kr eller 1 000 000 000 kr.',
    'Mellan 2024-08-19 och 2025-06-13 var det 180 skoldagar.',
    'Ärende 2026-00123 och 2026-05-12 10 30.',
    'Lektion 3 av 12, sida 0-3, nivå 0,5.',
    'Version 1.2.3 av planen, vecka 36–38.',
    'Numret 1234567890 är ett löpnummer.',
    'Felaktigt datum 811232-1234 och 811299-9875.',
    'Kl 08.30-09.15 och 09:15 - 10:00.',
    'Under ht 2025 och vt 2026 har hon 85 % närvaro.',
    'Hen väger 32,5 kg och är 140 cm lång.',
    'BMI 18.5, 3 av 10 på skalan.',
    'Skriv till @kurator på plattformen.',
    '',
  ];
  for (const text of ordinaryTexts) {
    it(`does not flag ordinary text: ${JSON.stringify(text)}`, () => {
      assert.deepEqual(checkAnonymity({ text }), []);
    });
  }
});

describe('checkAnonymity', () => {
  const fields = {
    rubrik: 'Oro för skolnärvaro',
    beskrivning: 'Barnet med pnr 811218-9876 är ofta borta.',
    datum: '2026-05-12',
    kontakt: 'Ring 070-123 45 67 eller mejla anna.svensson@goteborg.se',
    tom: null,
    saknas: undefined,
    samordning: 'Snr 811278-9873',
  };

  it('returns one finding per field with identifying data, in field order', () => {
    assert.deepEqual(checkAnonymity(fields), [
      { field: 'beskrivning', kinds: ['personnummer'] },
      { field: 'kontakt', kinds: ['phone', 'email'] },
      { field: 'samordning', kinds: ['samordningsnummer'] },
    ]);
  });

  it('never includes the identifying values in its result', () => {
    const serialised = JSON.stringify(checkAnonymity(fields));
    for (const secret of ['811218', '9876', '19811218', '070', '123 45 67', '811278', '9873', 'anna', 'goteborg.se']) {
      assert.ok(!serialised.includes(secret), `result contains ${secret}`);
    }
    assert.ok(!/\d/.test(serialised));
  });

  it('returns nothing for fields without identifying data', () => {
    assert.deepEqual(checkAnonymity({ a: 'Läser 45 minuter om dagen', b: null, c: undefined }), []);
  });
});

// ---- personnummer -----------------------------------------------------------------------------

describe('luhnValid', () => {
  it('accepts the test number 811218-9876 written as digits', () => {
    assert.equal(luhnValid('8112189876'), true);
  });

  it('accepts other known valid sequences', () => {
    assert.equal(luhnValid('79927398713'), true);
    assert.equal(luhnValid('18'), true);
    assert.equal(luhnValid('0'), true);
  });

  it('rejects a changed digit and anything that is not only digits', () => {
    assert.equal(luhnValid('8112189875'), false);
    assert.equal(luhnValid('8112189976'), false);
    assert.equal(luhnValid('811218-9876'), false);
    assert.equal(luhnValid(''), false);
    assert.equal(luhnValid('81121a9876'), false);
  });

  it('agrees with the independently computed check digit', () => {
    fc.assert(
      fc.property(digitString(9, 9), fc.integer({ min: 1, max: 9 }), (nine, wrongBy) => {
        const check = luhnCheckDigit(nine);
        assert.equal(luhnValid(nine + String(check)), true);
        assert.equal(luhnValid(nine + String((check + wrongBy) % 10)), false);
      }),
      RUNS,
    );
  });
});

describe('classifyIdNumber', () => {
  it('classifies the personnummer forms', () => {
    for (const form of ['811218-9876', '8112189876', '811218+9876', '19811218-9876', '198112189876', '19811218+9876']) {
      assert.equal(classifyIdNumber(form), 'personnummer', form);
    }
  });

  it('classifies a samordningsnummer (day + 60)', () => {
    assert.equal(classifyIdNumber('811278-9873'), 'samordningsnummer');
    assert.equal(classifyIdNumber('19811278-9873'), 'samordningsnummer');
  });

  it('rejects a wrong check digit', () => {
    assert.equal(classifyIdNumber('811218-9875'), null);
    assert.equal(classifyIdNumber('811278-9876'), null);
  });

  it('rejects a Luhn-valid number whose date does not exist', () => {
    assert.equal(luhnValid('8113189875'), true);
    assert.equal(classifyIdNumber('811318-9875'), null);
    const day32 = withCheckDigit('811232123');
    assert.equal(classifyIdNumber(day32), null);
    assert.equal(classifyIdNumber(withCheckDigit('811292123')), null);
    assert.equal(classifyIdNumber(withCheckDigit('811260123')), null);
    assert.equal(classifyIdNumber(withCheckDigit('811200123')), null);
  });

  it('handles leap days', () => {
    assert.equal(classifyIdNumber(withCheckDigit('000229123')), 'personnummer');
    assert.equal(classifyIdNumber(withCheckDigit('960229123')), 'personnummer');
    assert.equal(classifyIdNumber(withCheckDigit('010229123')), null);
    assert.equal(classifyIdNumber(`20${withCheckDigit('000229123')}`), 'personnummer');
    assert.equal(classifyIdNumber(`19${withCheckDigit('000229123')}`), null);
    assert.equal(classifyIdNumber(withCheckDigit('000289123')), 'samordningsnummer');
  });

  it('rejects organisation numbers and malformed tokens', () => {
    for (const token of [
      '212000-0142',
      '556677-8899',
      '',
      'abc',
      '81121-89876',
      '811218--9876',
      '811218 9876',
      '1981121-89876',
    ]) {
      assert.equal(classifyIdNumber(token), null, token);
    }
  });
});

describe('normalisePersonnummer', () => {
  const now = new Date(Date.UTC(2026, 4, 12, 12));

  it('keeps the 12-digit form and adds the hyphen', () => {
    assert.equal(normalisePersonnummer('19811218-9876', now), '19811218-9876');
    assert.equal(normalisePersonnummer('198112189876', now), '19811218-9876');
    assert.equal(normalisePersonnummer('19811218+9876', now), '19811218-9876');
  });

  it('picks the most recent century that is not in the future', () => {
    assert.equal(normalisePersonnummer('811218-9876', now), '19811218-9876');
    assert.equal(normalisePersonnummer('8112189876', now), '19811218-9876');
    assert.equal(normalisePersonnummer('1212121212', now), '20121212-1212');
    const today = withCheckDigit('260512123');
    const tomorrow = withCheckDigit('260513123');
    assert.equal(normalisePersonnummer(today, now), `20${today.slice(0, 6)}-${today.slice(6)}`);
    assert.equal(normalisePersonnummer(tomorrow, now), `19${tomorrow.slice(0, 6)}-${tomorrow.slice(6)}`);
  });

  it('moves one century back for +', () => {
    assert.equal(normalisePersonnummer('811218+9876', now), '18811218-9876');
    assert.equal(normalisePersonnummer('1212121212', now), '20121212-1212');
    assert.equal(normalisePersonnummer('121212+1212', now), '19121212-1212');
  });

  it('normalises a samordningsnummer keeping its day', () => {
    assert.equal(normalisePersonnummer('811278-9873', now), '19811278-9873');
  });

  it('checks the leap day in the chosen century', () => {
    const leap = withCheckDigit('000229123');
    assert.equal(normalisePersonnummer(leap, now), `20000229-${leap.slice(6)}`);
    assert.equal(normalisePersonnummer(`${leap.slice(0, 6)}+${leap.slice(6)}`, now), null);
  });

  it('returns null for invalid numbers', () => {
    assert.equal(normalisePersonnummer('811218-9875', now), null);
    assert.equal(normalisePersonnummer('212000-0142', now), null);
    assert.equal(normalisePersonnummer('hej', now), null);
  });

  it('uses the current date by default', () => {
    assert.equal(normalisePersonnummer('811218-9876'), '19811218-9876');
  });
});
