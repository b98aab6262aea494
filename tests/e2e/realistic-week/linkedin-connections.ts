/**
 * A LinkedIn "Connections.csv" of a few hundred connections, built the same way every run (a
 * seeded generator, no file in the repository): the notes preamble LinkedIn writes, a BOM,
 * CRLF, quoted companies with commas, accented names, and an email address for only some
 * connections (LinkedIn exports one only where the connection allows it).
 */

export interface Connection {
  first: string;
  last: string;
  slug: string;
  email: string | null;
  company: string;
  position: string;
  /** As LinkedIn writes it: "12 Mar 2024". */
  connectedOn: string;
}

const FIRST = [
  'Aisha',
  'Ben',
  'Carla',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luca',
  'Maya',
  'Nikhil',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Stefan',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
  'André',
  'Björn',
  'Chloé',
  'Đorđe',
];
const LAST = [
  'Adeyemi',
  'Bauer',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hughes',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'O’Brien',
  'Petrov',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Varga',
  'Wójcik',
  'Xu',
  'Yilmaz',
  'Zhang',
];
const COMPANIES: Array<[name: string, domain: string]> = [
  ['Acme', 'acme-corp.example'],
  ['Globex', 'globex.example'],
  ['Initech', 'initech.example'],
  ['Umbrella', 'umbrella.example'],
  ['Hooli', 'hooli.example'],
  ['Widgets, Inc.', 'widgets.example'],
  ['Stark Industries', 'stark.example'],
  ['Wayne Enterprises', 'wayne.example'],
];
const POSITIONS = [
  'Software Engineer',
  'Senior Product Manager',
  'Engineering Manager',
  'Recruiter',
  'Staff Engineer',
  'Head of Design',
  'Data Scientist',
  'VP Engineering',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: a tiny seeded PRNG, so the same seed gives the same network. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/Đ/g, 'D')
    .replace(/đ/g, 'd')
    .replace(/[’']/g, '')
    .toLowerCase();
}

/**
 * `count` generated connections, then the `extra` ones as given (people the week's mail also
 * involves). Connected between 2012 and November 2026; every fifth has an email address.
 */
export function generateConnections(
  count: number,
  extra: Connection[] = [],
  seed = 2026,
): Connection[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: Connection[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const [company, domain] = pick(COMPANIES);
    const year = 2012 + Math.floor(random() * 15); // 2012–2026
    const month = year === 2026 ? Math.floor(random() * 11) : Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const slug = `${ascii(first)}-${ascii(last)}-${(0x1000 + i).toString(16)}`;
    out.push({
      first,
      last,
      slug,
      email: i % 5 === 0 ? `${ascii(first)}.${ascii(last)}.${i}@${domain}` : null,
      company,
      position: pick(POSITIONS),
      connectedOn: `${String(day).padStart(2, '0')} ${MONTHS[month]} ${year}`,
    });
  }
  return [...out, ...extra];
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The file as LinkedIn's data export writes it. */
export function connectionsCsv(connections: Connection[]): string {
  return [
    '\uFEFFNotes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    ...connections.map((c) =>
      [
        c.first,
        c.last,
        `https://www.linkedin.com/in/${c.slug}`,
        c.email ?? '',
        c.company,
        c.position,
        c.connectedOn,
      ]
        .map(csvField)
        .join(','),
    ),
    '',
  ].join('\r\n');
}
