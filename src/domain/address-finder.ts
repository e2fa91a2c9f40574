/**
 * Street addresses and postcodes in normalised text: a street name (a word ending as Swedish street
 * names do: -gatan, -vägen, -gränd, -torget …, with a leading Norra/Södra/Gamla … kept) with a house
 * number (`Storgatan 12B`, `storgatan 12 lgh 1102`); after "bor på", "adress" and the like also
 * without a number; an apartment number (`lgh 1102`); a postcode with its town (`223 50 Lund`,
 * `SE-223 50`) or after the word "postnummer".
 */

export interface AddressSpan {
  readonly start: number;
  readonly end: number;
}

/** Endings of Swedish street names (not -plan, -platsen, -ringen: handlingsplan 2, utvärderingen 3). */
const STREET_ENDING =
  '(?:gatan|gata|vägen|gränd|gränden|stigen|stig|backen|backe|torget|torg|allén|allé|leden|stråket|gången|kajen|kaj|esplanaden|promenaden|slingan|bågen|höjden|liden|hagen|vången)';
const PREFIX = '(?:Norra|Södra|Östra|Västra|Stora|Lilla|Gamla|Nya|Övre|Nedre|Sankt|S:t) ';
/** Storgatan, Södra Förstadsgatan, Lilla Torget. */
const STREET = `(?:${PREFIX}\\p{L}*${STREET_ENDING}|\\p{L}{2,}${STREET_ENDING})`;
const HOUSE_NUMBER = '\\d{1,3}(?: ?[A-Za-z](?![\\p{L}]))?(?:[ ,]{1,2}(?:lgh|lägenhet|vån|våning|tr)\\.? ?\\d{1,4})?';
const NUMBERED_STREET = new RegExp(`(?<![\\p{L}])${STREET} ${HOUSE_NUMBER}(?![\\d])`, 'giu');
const CUE =
  '(?:bor|bodde|boende|flyttat|flyttade|flytta|adress|adressen|hemadress|folkbokförd|skriven)(?: (?:på|i|till|vid|är|:))?:? ';
const CUED_STREET = new RegExp(`(?<=${CUE})${STREET}(?![\\p{L}])`, 'giu');
const APARTMENT = /(?<![\p{L}])(?:lgh|lägenhet|lägenhetsnummer|lgh\.? ?nr)\.? ?\d{4}(?!\d)/giu;
/** Lund, Upplands Väsby, LUND. */
const TOWN = '\\p{Lu}(?:\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+)?|\\p{Lu}{2,})';
const NOT_TOWN = /^(?:SEK|Kr|Kronor|St|Styck|Procent|Elever|Barn|Dagar|Timmar|Minuter|Veckor|År)$/;
const POSTCODE_TOWN = new RegExp(`(?<![\\d])(?:SE-?|S-)?[1-9]\\d{2} ?\\d{2} (${TOWN})(?![\\p{L}])`, 'gu');
const CUED_POSTCODE = /(?<=(?:postnummer|postnr|postort)\.?:? )(?:SE-?)?[1-9]\d{2} ?\d{2}(?!\d)/giu;
const PREFIXED_POSTCODE = /(?<![\p{L}\d])(?:SE-|S-)[1-9]\d{2} ?\d{2}(?!\d)/gu;

export function findAddresses(text: string): AddressSpan[] {
  const spans: AddressSpan[] = [];
  for (const pattern of [NUMBERED_STREET, CUED_STREET, APARTMENT, CUED_POSTCODE, PREFIXED_POSTCODE]) {
    for (const m of text.matchAll(pattern)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(POSTCODE_TOWN)) {
    if (!NOT_TOWN.test(m[1] ?? '')) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
