import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readForwardedDate } from '../../shared/domain/ingest/forwarded-date';
import { planIngest } from '../../shared/domain/ingest/plan-ingest';
import { parseMail } from '../../shared/mail/parse-mail';
import { testUser } from '../support/fixtures';

const DIR = new URL('../../../shared/corpus/forwards/crisp-email-forward-parser/', import.meta.url);
const DOMAIN = 'in.tend.localhost';
const CLIENTS =
  /^(gmail|outlook_2013|outlook_2019|new_outlook_2019|outlook_live|apple_mail|thunderbird)_/;

const bodies = readdirSync(DIR).filter(
  (f) => CLIENTS.test(f) && /_body(_variant_\d+(_\d+)?)?\.txt$/.test(f),
);

/** Wraps a forwarded body the way a mail client would send it to log@. */
function forwardEmail(file: string): Buffer {
  const body = readFileSync(new URL(file, DIR), 'utf8');
  const subjectFile = new URL(file.replace('_body', '_subject'), DIR);
  const subject = existsSync(subjectFile)
    ? readFileSync(subjectFile, 'utf8').trim()
    : 'Fwd: Integer consequat non purus';
  return Buffer.from(
    [
      'From: Me <me@example.com>',
      `To: log@${DOMAIN}`,
      `Subject: ${subject}`,
      'Date: Thu, 26 Nov 2026 10:00:00 +0000',
      'Message-ID: <fwd-test@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}

const RECEIVED_AT = new Date('2026-11-26T10:00:05Z');
const TIMEZONE = 'Europe/Paris';

async function plan(file: string) {
  const facts = await parseMail(forwardEmail(file));
  return planIngest({
    facts,
    user: testUser({ addresses: ['me@example.com'], timezone: TIMEZONE }),
    hints: { cadenceDays: null, thanks: null, tags: [] },
    inboundDomain: DOMAIN,
    receivedAt: RECEIVED_AT,
    forwardedAt: readForwardedDate(facts.forwarded?.date ?? null, TIMEZONE, RECEIVED_AT),
  });
}

describe('forwarded messages from ../shared/corpus/forwards (EXPECTED.md)', () => {
  it('covers Gmail, Outlook, Apple Mail and Thunderbird fixtures', () => {
    for (const client of ['gmail_', 'outlook_', 'apple_mail_', 'thunderbird_']) {
      expect(bodies.some((b) => b.includes(client))).toBe(true);
    }
    expect(bodies.length).toBeGreaterThan(100);
  });

  const forwards = bodies.filter((f) => !/_variant_(4|12)\.txt$/.test(f));
  it.each(forwards)('%s yields the original sender john.doe@acme.com, inbound', async (file) => {
    const result = await plan(file);
    expect(result.kind).toBe('log');
    if (result.kind !== 'log') return;
    expect(result.interaction.direction).toBe('inbound');
    expect(result.contacts[0]).toMatchObject({ address: 'john.doe@acme.com' });
    expect(result.interaction.subject).toBe('Integer consequat non purus');
  });

  const notForwards = bodies.filter((f) => /_variant_4\.txt$/.test(f));
  it.each(notForwards)(
    '%s is not a forward, so it has no contact and is quarantined',
    async (file) => {
      const result = await plan(file);
      expect(result).toMatchObject({ kind: 'quarantine', reason: 'no-contacts' });
    },
  );

  it('adds the original To and Cc (minus the user) as contacts', async () => {
    const result = await plan('gmail_en_body.txt');
    if (result.kind !== 'log') throw new Error('expected a log plan');
    expect(result.contacts.map((c) => c.address)).toEqual([
      'john.doe@acme.com',
      'bessie.berry@acme.com',
      'walter.sheltan@acme.com',
      'nicholas@globex.corp',
    ]);
  });
});
