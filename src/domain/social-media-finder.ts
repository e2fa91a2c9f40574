/**
 * A child's accounts on social media in normalised text: a profile link on a known platform
 * (`instagram.com/kim.t`, `tiktok.com/@kim_2015`), an @handle shaped as a person's (`@kim_2015`, not
 * a role such as `@kurator`) or after a platform's name (`instagram @kim`), never the @ of an e-mail
 * address, and a handle given after a platform's name with a colon or "heter" / "användarnamn"
 * (`snapchat: kimtestsson`, `på tiktok heter hon kim_2015`, `Insta-användarnamnet är kim.t`). A
 * platform named without a handle (`hon är mycket på TikTok`) is no account.
 */

export interface SocialMediaSpan {
  readonly start: number;
  readonly end: number;
}

const PLATFORM =
  '(?:instagram|insta|snapchat|snap|tiktok|facebook|fb|youtube|twitter|discord|twitch|roblox|steam|kik|telegram|threads|bereal|pinterest|reddit|messenger|whatsapp)';
const HOST =
  '(?:instagram\\.com|tiktok\\.com|facebook\\.com|fb\\.com|snapchat\\.com|youtube\\.com|youtu\\.be|twitter\\.com|x\\.com|twitch\\.tv|discord\\.gg|discord\\.com|roblox\\.com|threads\\.net|pinterest\\.com|reddit\\.com|t\\.me)';
/** A handle: letters, digits, _ and inner dots (a full stop after it ends the sentence, not the handle). */
const HANDLE = '[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.]*[\\p{L}\\p{N}_])?';

/** A link (not the end of another host: netflix.com is no x.com). */
const PROFILE_LINK = new RegExp(
  `(?<![\\p{L}\\p{N}.-])(?:https?://)?(?:www\\.|m\\.|vm\\.)?${HOST}/[^\\s)\\]>,;]+`,
  'giu',
);
/** Right before an @handle: no letter, digit or e-mail character (anna@skola.se is an address). */
const NOT_EMAIL = "(?<![\\p{L}\\p{N}._%+'’-])";
/** An @handle shaped as a person's (a digit, _ or an inner dot: @kim_2015, @kim.t), not a role (@kurator). */
const SHAPED_HANDLE = new RegExp(
  `${NOT_EMAIL}@(?=[\\p{N}_.]*\\p{L})(?=[\\p{L}\\p{N}_.]*[\\p{N}_.][\\p{L}\\p{N}_])${HANDLE}`,
  'gu',
);
/** Any @handle a platform's name stands shortly before in the same sentence: instagram @kim, på snap är hon @kimmy. */
const PLATFORM_HANDLE = new RegExp(`(?<=(?<![\\p{L}])${PLATFORM}[^@\\n.?!;]{0,20})${NOT_EMAIL}@${HANDLE}`, 'giu');
const PRONOUN = '(?:hon|han|hen|de|barnet|eleven|she|he|they) ';
const ACCOUNT_WORD = '(?:kontot|konto|account|användarnamnet|användarnamn|username|namn|name)';
/** snapchat: kimtestsson; på tiktok heter hon kim_2015; Insta-användarnamnet är kim.t. */
const NAMED_HANDLE = new RegExp(
  `(?<![\\p{L}])${PLATFORM}(?:(?: ?: ?| heter (?:${PRONOUN})?)|[ -]?${ACCOUNT_WORD}(?: ?: ?| (?:är|is|heter) ))@?${HANDLE}`,
  'giu',
);
/** "Användarnamnet på snap är kim_2015": the name first, the platform after. */
const NAME_FIRST = new RegExp(
  `(?<![\\p{L}])(?:användarnamnet|användarnamn|username)(?: (?:på|i|on))? ${PLATFORM}(?: (?:är|is)|:) @?${HANDLE}`,
  'giu',
);

/** A shaped handle ending like a domain (`@skola.se`) is the end of an e-mail address written with a space. */
const DOMAIN_END = /\.\p{L}{2,3}$/u;
/**
 * Words that say something about an account rather than name it ("Snapchat-kontot är privat",
 * "Instagram: ja", "användarnamnet på snap är okänt").
 */
const NOT_A_HANDLE = new Set(
  (
    'är inte ja nej privat privata låst låsta okänt okänd okända borttaget borttagen raderat raderad stängt stängd ' +
    'öppet öppen hemligt hemlig vet finns saknas oklart inget ingen inga har hade används mycket lite ofta sällan ' +
    'aldrig alltid nytt ny nya gammalt samma hennes hans deras sitt sin sina det den de en ett och eller men som på ' +
    'i med för till av om också bara nu yes no private unknown deleted closed locked never always same the a an is not'
  ).split(' '),
);
/** The handle a named account ends with: at least one letter, and no word about the account. */
const namesHandle = (match: string): boolean => {
  const handle = match.slice(match.search(/@?[\p{L}\p{N}_.]*$/u)).replace(/^@/, '');
  return /\p{L}/u.test(handle) && !NOT_A_HANDLE.has(handle.toLowerCase());
};

export function findSocialMedia(text: string): SocialMediaSpan[] {
  const spans: SocialMediaSpan[] = [];
  const keep = (pattern: RegExp, match: string): boolean =>
    pattern === SHAPED_HANDLE
      ? !DOMAIN_END.test(match)
      : pattern === NAMED_HANDLE || pattern === NAME_FIRST
        ? namesHandle(match)
        : true;
  for (const pattern of [PROFILE_LINK, SHAPED_HANDLE, PLATFORM_HANDLE, NAMED_HANDLE, NAME_FIRST])
    for (const m of text.matchAll(pattern))
      if (keep(pattern, m[0])) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
