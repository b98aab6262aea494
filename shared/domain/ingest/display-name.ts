/**
 * SPEC 2.4: display names in "Last, First" form (the Outlook and Exchange default,
 * `"Smith, Dana" <dana@x>`) are read as "First Last". Only the clear cases are turned round:
 * anything that could be an organisation ("Acme, Inc."), a suffix ("King, Jr."), a degree
 * ("Dana Smith, PhD") or several names is kept as written; the user can rename any contact.
 */

/** Words on either side of the comma that make it an organisation, a department or a title,
 * never a person's name. Compared lower-case, without a trailing period. */
const NOT_A_NAME = new Set([
  // organisations
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'pty',
  'pte',
  'co',
  'corp',
  'corporation',
  'company',
  'group',
  'holdings',
  'partners',
  'associates',
  'foundation',
  'university',
  // departments and teams
  'team',
  'dept',
  'department',
  'office',
  'support',
  'sales',
  'marketing',
  'hr',
  // generational suffixes and degrees
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'phd',
  'md',
  'mba',
  'cpa',
  'esq',
  'dds',
  'rn',
]);

/** A name word: letters (any script), with apostrophes or hyphens inside ("O'Neil",
 * "Anne-Marie"), or an initial ("J."). */
const NAME_WORD = /^(\p{L}[\p{L}\p{M}'’-]*|\p{L}\.)$/u;

/** Particles that may precede a family name ("van der Berg", "De La Cruz"). */
const SURNAME_PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'dos',
  'das',
  'du',
  'la',
  'le',
  'ten',
  'ter',
  'bin',
  'al',
]);

/** A given name is at most this many words ("Mary Ann J."): more is a phrase, not a name. */
const MAX_GIVEN_NAME_WORDS = 3;

/** "Smith, Dana" → "Dana Smith"; any other name (or null) as written. */
export function readDisplayName(name: string | null): string | null {
  if (name === null) return null;
  const parts = name.split(',');
  if (parts.length !== 2) return name;
  const family = words(parts[0] ?? '');
  const given = words(parts[1] ?? '');
  if (!isFamilyName(family) || !isGivenName(given)) return name;
  return [...given, ...family].join(' ');
}

function words(part: string): string[] {
  return part.trim().split(/\s+/).filter(Boolean);
}

function isNameWord(word: string): boolean {
  return NAME_WORD.test(word) && !NOT_A_NAME.has(word.toLowerCase().replace(/\.$/, ''));
}

/** One family name, hyphenated or after particles: "Smith", "Smith-Jones", "van der Berg".
 * Two capitalised words ("Dana Smith, Acme") are more likely a name and then something else. */
function isFamilyName(family: string[]): boolean {
  const last = family.at(-1);
  if (last === undefined || !isNameWord(last) || last.endsWith('.')) return false;
  return family.slice(0, -1).every((w) => SURNAME_PARTICLES.has(w.toLowerCase()));
}

function isGivenName(given: string[]): boolean {
  return given.length > 0 && given.length <= MAX_GIVEN_NAME_WORDS && given.every(isNameWord);
}
