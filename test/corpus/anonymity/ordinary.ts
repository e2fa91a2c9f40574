/**
 * Ordinary texts from school, preschool, health care and social services, generated from a fixed
 * seed: full of numbers that are not identifying (times, time ranges, schedules, dates, weeks, school
 * years, class names, grades, percentages, amounts, room numbers, law references, organisation
 * numbers, case references, measurements) and of capitalised words that are not names (authorities,
 * places, titles at the start of a sentence).
 */
import { Random, pad } from './random';

export type OrdinaryDomain = 'school' | 'preschool' | 'health' | 'social';
export interface OrdinaryText {
  readonly domain: OrdinaryDomain;
  readonly text: string;
}

type Filler = (r: Random) => string;

const time = (r: Random) =>
  `${pad(r.int(7, 17))}${r.pick(['.', ':', '', '.'])}${r.pick(['00', '15', '30', '45', '10', '50'])}`;
const range = (r: Random) => {
  const a = r.int(7, 15);
  const sep = r.pick(['.', ':', '']);
  return `${pad(a)}${sep}${r.pick(['00', '15', '30'])}${r.pick(['-', '–', ' - ', '—'])}${pad(a + r.int(1, 3))}${sep}${r.pick(['00', '15', '45'])}`;
};
const date = (r: Random) => {
  const y = r.pick([2024, 2025, 2026]);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return r.pick([
    `${y}-${pad(m)}-${pad(d)}`,
    `${d}/${m}`,
    `${d} ${r.pick(['jan', 'feb', 'mars', 'april', 'maj', 'juni', 'aug', 'sept', 'okt', 'nov', 'dec'])}`,
    `${pad(d)}.${pad(m)}.${y}`,
    `${d}/${m} ${y}`,
  ]);
};
const week = (r: Random) => `${r.pick(['v.', 'vecka', 'v'])} ${r.int(2, 51)}`;
const schoolYear = (r: Random) =>
  r.pick([
    `åk ${r.int(1, 9)}`,
    `årskurs ${r.int(1, 9)}`,
    `år ${r.int(1, 9)}`,
    `klass ${r.int(1, 9)}${r.pick(['A', 'B', 'C', 'D'])}`,
    `${r.int(4, 9)}${r.pick(['A', 'B', 'C'])}`,
    `F-klass`,
    `gymnasiet år ${r.int(1, 3)}`,
  ]);
const percent = (r: Random) => `${r.int(5, 95)}${r.pick([' %', '%', ',5 %', ' procent'])}`;
const amount = (r: Random) =>
  `${r.pick([String(r.int(2, 95) * 100), `${r.int(1, 12)} ${pad(r.int(0, 9) * 100, 3)}`, `${r.int(1, 9)} 500`])} ${r.pick(['kr', 'kronor', 'SEK'])}`;
const room = (r: Random) =>
  `${r.pick(['rum', 'sal', 'Rum', 'lokal'])} ${r.pick([String(r.int(101, 420)), `B${r.int(101, 320)}`, `${r.int(1, 3)}${pad(r.int(1, 40))}`])}`;
const law = (r: Random) =>
  r.pick([
    'SoL 2025:400',
    'socialtjänstlagen (2025:400)',
    `${r.int(1, 29)} kap. ${r.int(1, 20)} § SoL`,
    `${r.int(2, 12)} kap. ${r.int(1, 12)} § skollagen`,
    'OSL 26 kap. 1 §',
    `LVU ${r.int(1, 3)} §`,
    'skollagen (2010:800)',
    `${r.int(3, 5)} kap. ${r.int(1, 9)} § HSL`,
    'patientdatalagen (2008:355)',
    'SFS 2017:30',
    `14 kap. 1 § SoL`,
  ]);
const orgNumber = (r: Random) =>
  r.pick([
    '212000-1215',
    '212000-0142',
    '232100-0016',
    '202100-2742',
    '556677-8899',
    '802005-1952',
    '212000-2817',
    '556036-0793',
  ]);
const caseRef = (r: Random) =>
  r.pick([
    `${r.pick([2025, 2026])}-${pad(r.int(1, 999), 4)}`,
    `Dnr ${r.pick(['SN', 'BUN', 'UN'])} ${r.pick([2025, 2026])}/${r.int(10, 999)}`,
    `ärende ${r.pick([2025, 2026])}-${pad(r.int(1, 400), 4)}`,
    `${r.pick(['SOC', 'BUN'])}-${r.pick([2025, 2026])}-${pad(r.int(1, 900), 3)}`,
  ]);
const grade = (r: Random) => r.pick(['F', 'E', 'D', 'C', 'B', 'A']);
const count = (r: Random) => String(r.int(2, 28));
const dayList = (r: Random) => {
  const s = r.int(1, 20);
  return Array.from({ length: r.int(3, 6) }, (_, i) => pad(s + i)).join(' ');
};
const schedule = (r: Random) => Array.from({ length: r.int(2, 3) }, () => range(r)).join(r.pick([' ', ', ', ' och ']));
const measure = (r: Random) =>
  r.pick([
    `${r.int(95, 170)} cm`,
    `${r.int(14, 60)},${r.int(0, 9)} kg`,
    `BMI ${r.int(14, 24)}.${r.int(0, 9)}`,
    `${r.int(36, 39)},${r.int(0, 9)} grader`,
    `${r.int(1, 9)} av 10`,
    `${r.int(2, 12)} mg`,
  ]);
const place = (r: Random) =>
  r.pick([
    'Lund',
    'Malmö',
    'Ystad',
    'Göteborg',
    'Växjö',
    'Falun',
    'Eskilstuna',
    'Lidingö',
    'Stockholm',
    'Uppsala',
    'Kalmar',
    'Skåne',
    'Dalsland',
  ]);
const authority = (r: Random) =>
  r.pick([
    'BUP',
    'BVC',
    'Socialtjänsten',
    'Elevhälsan',
    'Skolverket',
    'Försäkringskassan',
    'Region Skåne',
    'Barnahus',
    'Familjecentralen',
    'Habiliteringen',
    'Polisen',
    'Migrationsverket',
    'Första linjen',
    'Ungdomsmottagningen',
    'IVO',
    'Skolinspektionen',
  ]);

const FILLERS: Readonly<Record<string, Filler>> = {
  time,
  range,
  date,
  week,
  schoolYear,
  percent,
  amount,
  room,
  law,
  orgNumber,
  caseRef,
  grade,
  count,
  dayList,
  schedule,
  measure,
  place,
  authority,
};

const TEMPLATES: Readonly<Record<OrdinaryDomain, readonly string[]>> = {
  school: [
    'Eleven i {schoolYear} har {percent} frånvaro sedan {date}.',
    'Mötet hålls {date} kl {time} i {room}.',
    'Lektionerna är {schedule} på tisdagar.',
    'kl {range} har klassen idrott.',
    'Frånvaro {dayList} dagar i mars.',
    'Betyget i matematik höjdes från {grade} till {grade} under {week}.',
    'Enligt {law} ska rektor utreda.',
    'Skolans organisationsnummer är {orgNumber}.',
    'Ärendet har nummer {caseRef} hos {authority}.',
    'Eleven läser {count} minuter om dagen och klarar {percent} av uppgifterna.',
    'Uppföljning {date} och sedan {week}.',
    'Specialpedagogen träffar eleven {range} i {room}.',
    'Elevhälsoteamet möts {week}, {date} kl {time}.',
    'I {schoolYear} finns {count} elever och två mentorer.',
    'Skolresan kostar {amount} per elev.',
    'Schemat: {schedule}.',
    'Kurator har samtal med eleven varannan vecka, {range}.',
    'Han var borta {dayList} och sedan hela {week}.',
    'Rektor anmälde till huvudmannen enligt {law}.',
    'Nationella proven i {schoolYear} skrivs {date}.',
  ],
  preschool: [
    'Barnet lämnas {time} och hämtas {time}.',
    'Avdelningen har {count} barn och tre pedagoger.',
    'Vistelsetid {schedule} måndag till torsdag.',
    'Föräldramöte {date} kl {time}.',
    'Barnet sover {range} varje dag.',
    'Förskolan i {place} har planeringsdag {date}.',
    'Avgiften är {amount} i månaden enligt maxtaxan.',
    'Utvecklingssamtal {week}.',
    'Hen har varit frånvarande {dayList} i april.',
    'Vi har kontakt med {authority} sedan {date}.',
    'Inskolning {date}, {range}.',
    'Barnet är {measure} enligt BVC.',
    'Gruppen går till skogen {range} på fredagar.',
    'Rektor för förskolan tar upp det {week}.',
    'Barnet äter lunch {time} och mellanmål {time}.',
  ],
  health: [
    'Skolsköterskan mätte {measure} vid hälsobesöket {date}.',
    'Remiss skickad till {authority} {date}.',
    'BVC-besök {week}, kl {time}.',
    'Barnet har fått {measure} morgon och kväll.',
    'Vaccination enligt program i {schoolYear}.',
    'Väntetiden till {authority} är {count} veckor.',
    'Enligt {law} ska vården samverka.',
    'Hörseltest {date}: normalt.',
    'Återbesök {date} kl {time} på mottagningen i {place}.',
    'Sömn {range} enligt sömndagboken.',
    'Tandvården i {place} har kallat till {date}.',
    'Psykologen bedömer {measure} på skattningen.',
    'Besöket tog {count} minuter.',
    'Läkaren på {authority} ordinerade {measure}.',
    'Tillväxtkurvan visar {measure}.',
  ],
  social: [
    'Utredning enligt {law} inleddes {date}.',
    'Ärende {caseRef} hos {authority}.',
    'Försörjningsstöd beviljat med {amount} för {date}.',
    'Familjebehandling {schedule} varje onsdag.',
    'Nästa SIP-möte {date} kl {time} i {room}.',
    'Orosanmälan togs emot {date} och förhandsbedömning ska vara klar inom {count} dagar.',
    'Kontaktperson enligt {law}, {count} timmar i månaden.',
    '{authority} i {place} deltar på mötet.',
    'Socialsekreteraren träffar familjen {week}.',
    'Beslutet fattades {date} enligt {law}.',
    'Placeringen kostar {amount} per dygn.',
    'Uppföljning av insatsen {date}.',
    'Öppenvården har {count} platser, kö {count} veckor.',
    'Handläggaren har telefontid {range}.',
    'Familjecentralen i {place} har öppet hus {schedule}.',
  ],
};

function fill(template: string, r: Random): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const filler = FILLERS[key];
    if (filler === undefined) throw new Error(`no filler ${key}`);
    return filler(r);
  });
}

export function ordinaryCorpus(perDomain = 80): OrdinaryText[] {
  const r = new Random(2026_0021);
  const texts: OrdinaryText[] = [];
  for (const domain of ['school', 'preschool', 'health', 'social'] as const) {
    for (let i = 0; i < perDomain; i++) texts.push({ domain, text: fill(r.pick(TEMPLATES[domain]), r) });
  }
  return texts;
}
