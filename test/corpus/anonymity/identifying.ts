/**
 * Identifying texts as people type them, generated from a fixed seed: identity numbers with every
 * separator and digit form the issue lists, phone numbers in Swedish and foreign writing, e-mail
 * addresses plain and obfuscated, accounts on social media, street addresses and postcodes, and names — each inside a
 * sentence from school, preschool, health care or social services.
 */
import meta from './personnummer-meta.json';
import { Random, luhnCheckDigit, pad } from './random';

export type IdentifyingFamily =
  | 'personnummer'
  | 'samordningsnummer'
  | 'reserve-number'
  | 'phone'
  | 'email'
  | 'email-obfuscated'
  | 'social-media'
  | 'address'
  | 'name';
export interface IdentifyingText {
  readonly family: IdentifyingFamily;
  readonly text: string;
}

const NUMBER_CONTEXTS = [
  'Barnets personnummer är {x} enligt journalen.',
  'pnr {x}',
  'Eleven ({x}) har hög frånvaro.',
  'Pojken, {x}, går i förskoleklass.',
  'Flickan med nummer {x} har haft svårt att sova.',
  'Gäller barn {x} – oro för hemsituationen.',
  'Vårdnadshavaren uppgav {x} vid besöket.',
  '{x}',
  'Pers.nr: {x}. Remiss skickad till BUP.',
  'Journalen för {x} visar tre besök hos skolsköterskan.',
  'Hen är född {x} och har syskon.',
  'Se anteckning om {x}\nsom gjordes i höstas.',
  'Kan ni kolla upp {x} i ert system?',
  'Samordningsnr {x}, familjen kom i augusti.',
];
const SEPARATORS = ['-', '-', '', '+', '–', '−', '\u2011', '\u00AD', '\u200B', ' ', '  ', '.', '/', '\n', ' - '];
type DigitStyle = 'ascii' | 'fullwidth' | 'arabic' | 'letters';

function styleDigits(value: string, style: DigitStyle, r: Random): string {
  switch (style) {
    case 'ascii':
      return value;
    case 'fullwidth':
      return value.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'arabic':
      return value.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    case 'letters':
      return value.replace(/[01]/g, (d) => (r.next() < 0.5 ? d : d === '0' ? r.pick(['O', 'o']) : r.pick(['l', 'I'])));
  }
}

function birthDate(r: Random): { year: number; month: number; day: number } {
  const year = r.int(1935, 2025);
  const month = r.int(1, 12);
  const day = r.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return { year, month, day };
}

function idNumber(r: Random, coordination: boolean): string {
  const d = birthDate(r);
  const yymmdd = pad(d.year % 100) + pad(d.month) + pad(coordination ? d.day + 60 : d.day);
  const serial = pad(r.int(0, 999), 3);
  const check = String(luhnCheckDigit(yymmdd + serial));
  const joiner = r.next() < 0.25 ? r.pick(['-', ' ', '.']) : '';
  const sep = joiner !== '' ? r.pick([joiner, '-']) : r.pick(SEPARATORS);
  const century = joiner !== '' || r.next() < 0.6 ? String(d.year).slice(0, 2) : '';
  const datePart = century + [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4)].join(joiner);
  const number = `${datePart}${sep}${serial}${check}`;
  const style: DigitStyle = r.pick(['ascii', 'ascii', 'ascii', 'fullwidth', 'arabic', 'letters']);
  return styleDigits(number, style, r);
}

function reserveNumber(r: Random): string {
  const d = birthDate(r);
  const date = (r.next() < 0.6 ? String(d.year) : pad(d.year % 100)) + pad(d.month) + pad(d.day);
  return `${date}${r.pick(['-', '', ' ', '–'])}${r.pick(['T', 'R', 'S', 'U', 'W', 'X', 'J', 'K', 'L', 'M', 'N'])}${r.digits(3)}`;
}

const RESERVE_CONTEXTS = [
  'Barnet har reservnummer {x} hos regionen.',
  'Reservnr {x} – ingen folkbokföring än.',
  'Patienten ({x}) kom till BVC i går.',
  'Interimsnummer {x} används tills vidare.',
  '{x}',
];

function phoneNumber(r: Random): string {
  const sep = (): string => r.pick([' ', ' ', '  ', '-', '.', '/']);
  const dash = r.pick(['-', '-', '–', '/', ' ', '.', ' - ']);
  const kind = r.int(0, 5);
  if (kind <= 2) {
    const area = r.pick(['70', '72', '73', '76', '79']);
    const s = String(r.int(1, 9)) + r.digits(6);
    const inner = sep();
    const compact = r.next() < 0.3;
    const grouped = compact ? s : `${s.slice(0, 3)}${inner}${s.slice(3, 5)}${inner}${s.slice(5)}`;
    const prefix = r.pick([
      `0${area}${dash}`,
      `0${area}${dash}`,
      `(0${area}) `,
      `+46 ${area} `,
      `+46${area}`,
      `0046 ${area} `,
      `+46 (0)${area}-`,
      ...(compact ? [`0${area}`] : []),
    ]);
    return prefix + grouped;
  }
  if (kind === 3) {
    const s = String(r.int(1, 9)) + r.digits(r.pick([6, 7]));
    const grouped =
      s.length === 8
        ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`
        : `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}`;
    return r.pick([`08${dash}`, '(08) ', '+46 8 ', '08 ']) + grouped;
  }
  if (kind === 4) {
    const area = r.pick(['31', '40', '46', '18', '13', '19', '21', '54', '60', '90', '35', '36', '42']);
    const s = String(r.int(1, 9)) + r.digits(r.pick([5, 6]));
    const grouped =
      s.length === 7
        ? `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}`
        : `${s.slice(0, 2)} ${s.slice(2, 4)} ${s.slice(4)}`;
    return r.pick([`0${area}${dash}`, `(0${area}) `, `+46 ${area} `]) + grouped;
  }
  return r.pick([
    `+358 40 ${r.digits(7)}`,
    `+47 9${r.digits(7)}`,
    `+45 2${r.digits(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    `+44 7700 ${r.digits(6)}`,
    `+49 151 ${r.digits(8)}`,
  ]);
}

const PHONE_CONTEXTS = [
  'Ring mamma på {x} efter kl 16.',
  'Pappans mobil: {x}',
  'Nås på {x} dagtid.',
  'Vårdnadshavaren vill bli kontaktad på {x}.',
  'Tel {x}',
  'Kontakt: {x} (mormor)',
  'Hon har nytt nummer, {x}, sedan i våras.',
  'Skicka sms till {x} om tiden ändras.',
  '{x}',
  'Familjen har bara ett nummer: {x}\nbäst efter lunch.',
  'Numret är {x} men de svarar sällan.',
];

const LOCALS = [
  'anna.svensson',
  'kalle_b',
  'mamma.lisa82',
  'j.nilsson',
  'familjen.ali',
  'pappa_erik',
  'sara-k',
  'tove.lind',
  'ahmed.h',
  'm.johansson77',
  'elin.berg',
  'hanna',
];
const DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'telia.com',
  'live.se',
  'icloud.com',
  'yahoo.se',
  'skola.lund.se',
  'lund.se',
  'bredband.net',
];
const EMAIL_CONTEXTS = [
  'Mejla mamma på {x}.',
  'Vårdnadshavarens e-post: {x}',
  'Hon nås via {x} i stället för telefon.',
  'Skicka kallelsen till {x}',
  '{x}',
  'Pappan skrev från {x} i går kväll.',
];

function plainEmail(r: Random): string {
  const at = r.pick(['@', '@', '@', ' @ ', '＠']);
  return `${r.pick(LOCALS)}${at}${r.pick(DOMAINS)}`;
}

const HANDLES = ['kim_2015', 'kimmis.t', 'k.testsson', 'kimpa07', 'sara_lund_', 'elsa.h12', 'x_noah_x', 'ali2011'];
const PLATFORMS = [
  'Instagram',
  'instagram',
  'Insta',
  'Snapchat',
  'snap',
  'TikTok',
  'tiktok',
  'Discord',
  'YouTube',
  'Roblox',
];
const HOSTS = [
  'instagram.com/',
  'www.tiktok.com/@',
  'https://www.facebook.com/',
  'snapchat.com/add/',
  'youtube.com/@',
  'https://x.com/',
];

/** A child's account as people mention it: a handle after the platform, a profile link, or a bare shaped handle. */
function socialAccount(r: Random): string {
  const handle = r.pick(HANDLES);
  const platform = r.pick(PLATFORMS);
  return r.pick([
    `${platform}: ${handle}`,
    `${platform} @${handle}`,
    `@${handle} på ${platform}`,
    `${r.pick(HOSTS)}${handle}`,
    `på ${platform} heter ${r.pick(['hon', 'han', 'hen', ''])} ${handle}`.replace('  ', ' '),
    `${platform}-kontot ${r.pick([':', 'är'])} ${handle}`.replace(' :', ':'),
    `användarnamnet på ${platform} är ${handle}`,
  ]);
}

const SOCIAL_CONTEXTS = [
  'Eleven har skickat bilder till andra elever från {x}.',
  'Mamma berättade att {x} har fått hotfulla meddelanden.',
  '{x}',
  'Skolan har sett inlägg från {x} om att inte vilja leva.',
  'Han spelar på nätterna ({x}).',
  'Kontakt med okänd vuxen via {x} – polisanmälan övervägs.',
];

function obfuscatedEmail(r: Random): string {
  const local = r.pick(LOCALS);
  const [name, tld] = (() => {
    const d = r.pick(DOMAINS);
    const i = d.lastIndexOf('.');
    return [d.slice(0, i), d.slice(i + 1)];
  })();
  const at = r.pick([' at ', '[at]', '(at)', ' (at) ', ' [at] ', '(a)', ' snabel-a ', '{at}', ' AT ']);
  const dot = r.pick(['.', ' punkt ', ' dot ', '(punkt)', '[dot]', ' (dot) ', '.']);
  return `${local.replace('.', dot === '.' ? '.' : dot)}${at}${name.replace(/\./g, dot)}${dot}${tld}`;
}

const STREETS = [
  'Storgatan',
  'Kungsgatan',
  'Björkvägen',
  'Ekbacken',
  'Solrosgränd',
  'Kvarngatan',
  'Skolvägen',
  'Trädgårdsgatan',
  'Östra Vallgatan',
  'Södra Förstadsgatan',
  'Lilla Torget',
  'Ringvägen',
  'Tallstigen',
  'Järnvägsgatan',
  'Linnégatan',
  'Västra Hamngatan',
  'Kyrkogatan',
  'Parkvägen',
  'Sveavägen',
  'Granvägen',
];
const TOWNS = [
  'Lund',
  'Malmö',
  'Ystad',
  'Göteborg',
  'Växjö',
  'Falun',
  'Eskilstuna',
  'Lidingö',
  'Åmål',
  'Uppsala',
  'Stockholm',
  'Kalmar',
];
const ADDRESS_CONTEXTS = [
  'Familjen bor på {x}.',
  'Adress: {x}',
  'De har flyttat till {x} i höstas.',
  'Barnet bor växelvis hos pappa på {x}.',
  'Hämtas ofta av mormor som bor på {x}.',
  '{x}',
  'Folkbokförd på {x} sedan januari.',
];

function address(r: Random): string {
  const street = `${r.pick(STREETS)} ${r.int(1, 140)}${r.pick(['', '', 'B', ' A', 'C'])}`;
  const postcode = `${r.int(111, 984)}${r.pick([' ', ''])}${pad(r.int(0, 99))}`;
  const form = r.int(0, 4);
  if (form === 0) return street;
  if (form === 1) return `${street}, ${postcode} ${r.pick(TOWNS)}`;
  if (form === 2) return `${street} lgh ${r.int(1001, 1604)}`;
  if (form === 3) return `${postcode} ${r.pick(TOWNS)}`;
  return `${street.toLowerCase()}, ${r.pick(TOWNS)}`;
}

const FIRST = [
  'Emma',
  'Kalle',
  'Fatima',
  'Johan',
  'Ahmed',
  'Alva',
  'Noah',
  'Ebba',
  'Liam',
  'Maja',
  'Vilma',
  'Ester',
  'Ture',
  'Jamal',
  'Leyla',
  'Rayan',
  'Majken',
  'Sonja',
  'Dusan',
  'Amir',
  'Elsa',
  'Hugo',
  'Wilma',
  'Omar',
  'Selma',
];
const LAST = [
  'Svensson',
  'Andersson',
  'Nilsson',
  'Hassan',
  'Yilmaz',
  'Gashi',
  'Berisha',
  'Korkmaz',
  'Ekholm',
  'Strandberg',
  'Wikström',
  'Lindahl',
  'Hedberg',
  'Nordqvist',
  'Sjögren',
  'Öhman',
  'Mohammed',
  'Karlsson',
];
const NAME_TEMPLATES = [
  '{F} {L} har svårt att komma i tid till skolan.',
  'Eleven heter {F} och går i 7B.',
  'Mamma {F} ringde och var orolig.',
  'Vi pratade med pappan {F} {L} om läxorna.',
  'Hon säger att {F} retar henne på rasten.',
  '{F}s mamma vill ha ett möte.',
  'Syskonet {F} går på samma förskola.',
  '{F} berättar att det är bråk hemma.',
  'Barnet ({F}) är ofta tyst i gruppen.',
  'Pojken {F} {L} har hög frånvaro.',
  'Enligt {F} {L} på fritids har hen varit ledsen.',
  '{f} {l} är ofta borta på måndagar',
  'Mormor {F} hämtar ibland.',
  'Kontaktperson: {F} {L}',
  'Flickan, {F}, vill inte gå hem.',
  'Familjen {L} har sökt försörjningsstöd.',
  'Hen bor hos farmor {F} {L} just nu.',
  'Läraren har pratat med {F} om mobbningen.',
];

function fill(template: string, r: Random): string {
  const f = r.pick(FIRST);
  const l = r.pick(LAST);
  return template.replace('{F}', f).replace('{L}', l).replace('{f}', f.toLowerCase()).replace('{l}', l.toLowerCase());
}

function metaNumbers(): IdentifyingText[] {
  const texts: IdentifyingText[] = [];
  for (const e of meta.numbers.filter((n) => n.valid)) {
    const family = e.type === 'con' ? 'samordningsnummer' : 'personnummer';
    for (const form of [e.long_format, e.short_format, e.separated_format, e.separated_long])
      texts.push({ family, text: `Barnet har nummer ${form} i journalen.` });
  }
  for (const e of meta.interim.filter((n) => n.valid))
    texts.push({ family: 'reserve-number', text: `Reservnummer ${e.separated_long}, ${e.short_format}.` });
  return texts;
}

export function identifyingCorpus(): IdentifyingText[] {
  const r = new Random(2026_21);
  const texts: IdentifyingText[] = [...metaNumbers()];
  const add = (family: IdentifyingFamily, count: number, make: () => string, contexts: readonly string[]) => {
    for (let i = 0; i < count; i++) texts.push({ family, text: r.pick(contexts).replace('{x}', make()) });
  };
  add('personnummer', 90, () => idNumber(r, false), NUMBER_CONTEXTS);
  add('samordningsnummer', 40, () => idNumber(r, true), NUMBER_CONTEXTS);
  add('reserve-number', 25, () => reserveNumber(r), RESERVE_CONTEXTS);
  add('phone', 80, () => phoneNumber(r), PHONE_CONTEXTS);
  add('email', 30, () => plainEmail(r), EMAIL_CONTEXTS);
  add('email-obfuscated', 40, () => obfuscatedEmail(r), EMAIL_CONTEXTS);
  add('address', 50, () => address(r), ADDRESS_CONTEXTS);
  for (let i = 0; i < 70; i++) texts.push({ family: 'name', text: fill(r.pick(NAME_TEMPLATES), r) });
  add('social-media', 60, () => socialAccount(r), SOCIAL_CONTEXTS);
  return texts;
}
