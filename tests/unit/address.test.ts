import { describe, expect, it } from 'vitest';
import { isAddress, MAX_ADDRESS_CHARS, MAX_LOCAL_PART_CHARS } from '../../shared/domain/address';

/** The one address rule (shared/domain/address.ts), used by ingest, replies, imports and the CLI. */
describe('isAddress', () => {
  it.each([
    'ana@example.org',
    'ana.lopez+tend@mail.example.co.uk',
    "o'brien@example.ie",
    'josé@exämple.es',
    'a@b.cd',
  ])('takes %s', (value) => {
    expect(isAddress(value)).toBe(true);
  });

  it.each([
    ['no @', 'ana.example.org'],
    ['nothing before the @', '@example.org'],
    ['no dotted domain', 'ana@localhost'],
    ['a space', 'ana lopez@example.org'],
    ['two @', 'ana@b@example.org'],
    ['angle brackets', '<ana@example.org>'],
    ['a one-letter top-level domain', 'ana@example.o'],
  ])('refuses %s', (_why, value) => {
    expect(isAddress(value)).toBe(false);
  });

  it('stops at the lengths SMTP allows, so no address can outgrow a DynamoDB key', () => {
    const domain = '@example.org';
    const longest = `${'a'.repeat(MAX_LOCAL_PART_CHARS)}@${'b'.repeat(MAX_ADDRESS_CHARS - MAX_LOCAL_PART_CHARS - 5)}.org`;
    expect(longest).toHaveLength(MAX_ADDRESS_CHARS);
    expect(isAddress(longest)).toBe(true);
    expect(isAddress(`${longest.slice(0, -4)}x.org`)).toBe(false);
    expect(isAddress(`${'a'.repeat(MAX_LOCAL_PART_CHARS)}${domain}`)).toBe(true);
    expect(isAddress(`${'a'.repeat(MAX_LOCAL_PART_CHARS + 1)}${domain}`)).toBe(false);
    expect(isAddress(`${'a'.repeat(5000)}${domain}`)).toBe(false);
  });
});
