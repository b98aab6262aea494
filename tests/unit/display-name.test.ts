import { describe, expect, it } from 'vitest';
import { readDisplayName } from '../../shared/domain/ingest/display-name';

describe('"Last, First" display names (SPEC 2.4)', () => {
  it.each([
    ['Smith, Dana', 'Dana Smith'],
    ['Smith,Dana', 'Dana Smith'],
    ['  Smith ,  Dana  ', 'Dana Smith'],
    ['Smith, Dana J.', 'Dana J. Smith'],
    ['Smith, Mary Ann', 'Mary Ann Smith'],
    ["O'Neil, Siobhan", "Siobhan O'Neil"],
    ['Smith-Jones, Anne-Marie', 'Anne-Marie Smith-Jones'],
    ['van der Berg, Jan', 'Jan van der Berg'],
    ['De La Cruz, María', 'María De La Cruz'],
    ['Müller, Jürgen', 'Jürgen Müller'],
    ['SMITH, DANA', 'DANA SMITH'],
  ])('reads %j as %j', (written, read) => {
    expect(readDisplayName(written)).toBe(read);
  });

  it.each([
    ['a name without a comma', 'Dana Smith'],
    ['an organisation (Inc.)', 'Acme, Inc.'],
    ['an organisation (Inc)', 'Acme, Inc'],
    ['an organisation (Ltd)', 'Widgets, Ltd'],
    ['an organisation (LLC)', 'Globex, LLC'],
    ['an organisation (GmbH)', 'Beispiel, GmbH'],
    ['a company and a department', 'Acme, Sales'],
    ['a generational suffix', 'King, Jr.'],
    ['a degree after the name', 'Dana Smith, PhD'],
    ['a full name then something else', 'Dana Smith, Acme'],
    ['two commas', 'Smith, Jr., Dana'],
    ['a list of people', 'Dana, Omar, Rita'],
    ['parentheses', 'Smith, Dana (HR)'],
    ['an ampersand', 'Smith & Sons, Dana'],
    ['digits', 'Room 12, Building'],
    ['a slash', 'Smith, Dana/ACME'],
    ['an empty family name', ', Dana'],
    ['an empty given name', 'Smith,'],
    ['a long phrase after the comma', 'Smith, please reply by Friday'],
    ['an address as the name', 'dana@x.org, Smith'],
    ['an initial as the family name', 'S., Dana'],
  ])('keeps %s as written', (_label, written) => {
    expect(readDisplayName(written)).toBe(written);
  });

  it('keeps no name as no name', () => {
    expect(readDisplayName(null)).toBeNull();
  });
});
