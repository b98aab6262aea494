import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SesStoredEmail } from '../../local/services';
import { forwardedMail, mail } from '../../local/workload/mail-builders';
import { type LocalTend, startLocalTend } from './realistic-week/local-tend';

/**
 * SPEC 9's important dates on the local stack: a vCard imported with `tend import vcard`,
 * replies over SMTP that set and clear dates (and forged or foreign ones that must not), `tend
 * contacts edit --birthday`, then time travel to a Monday digest whose next 14 days run from
 * 21 December 2026 into January, read back from the local SES store.
 */

const USER = 'dee@example.com';
const OTHER_USER = 'eve@example.com';
/** Thursday 17 Dec 2026, 10:00 in New York. */
const START = '2026-12-17T15:00:00Z';
/** The Monday digest slot: 21 Dec 2026, 08:00 in New York. */
const DIGEST_TICK = '2026-12-21T13:05:00Z';
const TIMEOUT_MS = 120_000;

const VCARDS = [
  // In the window: 31 December, with a year.
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nEMAIL:omar@globex.example\r\nBDAY:1985-12-31\r\nEND:VCARD',
  // 10 January: after the window, until the CLI moves it to 3 January (its last day).
  'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lee Park\r\nEMAIL:lee@park.example\r\nBDAY:--0110\r\nEND:VCARD',
  // Christmas: in the window, until a reply clears it.
  'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Kim Cole\r\nEMAIL:kim@cole.example\r\nBDAY:--1225\r\nEND:VCARD',
  // 29 February without a year (Apple): not in these two weeks.
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fay Leap\r\nEMAIL:fay@leap.example\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\r\nEND:VCARD',
  // Not a date: reported, the contact kept.
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Bad\r\nEMAIL:bo@bad.example\r\nBDAY:2023-02-29\r\nEND:VCARD',
].join('\r\n');

let tend: LocalTend;
let scratch: string;

beforeAll(async () => {
  tend = await startLocalTend(START);
  scratch = await mkdtemp(join(tmpdir(), 'tend-dates-'));
});
afterAll(async () => {
  await tend?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function cli<T>(args: string[]): Promise<T> {
  const r = await tend.tend([...args, '--json']);
  if (r.code !== 0) throw new Error(`tend ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

type Dates = Array<{ kind: string; month: number; day: number; year: number | null }>;
const datesOf = async (email: string) =>
  (await cli<{ dates: Dates }>(['contacts', 'show', email, '--user', USER])).dates;

/** Sends `text` as the reply to a Tend email, from `from`, over SMTP. */
async function reply(replyTo: string, text: string, from = USER) {
  const raw = mail({ from, to: replyTo, subject: 'Re: Tend', body: text });
  return tend.deliver(Buffer.from(raw), { from, to: [replyTo] });
}

async function newEmails(before: number): Promise<SesStoredEmail[]> {
  return (await tend.sent()).slice(before);
}

describe('birthdays and anniversaries, end to end', () => {
  it(
    'imports vCard dates, sets and clears them by reply and CLI, and lists the next 14 days in the digest across New Year',
    async () => {
      // Arrange: the user, an address book, and an introduction forwarded over SMTP.
      await cli(['users', 'add', USER, '--tz', 'America/New_York']);
      await cli(['users', 'add', OTHER_USER, '--tz', 'Europe/Berlin']);
      const file = join(scratch, 'contacts.vcf');
      await writeFile(file, VCARDS);
      const report = await cli<{ created: number; skipped: Array<{ problem: string }> }>([
        'import',
        'vcard',
        file,
        '--user',
        USER,
      ]);
      expect(report.created).toBe(5);
      expect(report.skipped.map((s) => s.problem)).toEqual([
        'Bo Bad: birthday 29 February 2023 is skipped: 2023 was not a leap year: it had no 29 February',
      ]);
      expect(await datesOf('omar@globex.example')).toEqual([
        { kind: 'birthday', month: 12, day: 31, year: 1985 },
      ]);
      expect(await datesOf('fay@leap.example')).toEqual([
        { kind: 'birthday', month: 2, day: 29, year: null },
      ]);
      expect(await datesOf('bo@bad.example')).toEqual([]);
      const shown = await tend.tend(['contacts', 'show', 'omar@globex.example', '--user', USER]);
      expect(shown.stdout).toContain('  birthday 31 December 1985\n');

      const intro = forwardedMail(
        'Dana Reyes <dana@reyes.example>',
        USER,
        'Wed, 16 Dec 2026 14:00:00 -0500',
      );
      const logged = await tend.deliver(Buffer.from(intro), {
        from: USER,
        to: [`log@${tend.domain}`],
      });
      expect(logged.outcomes).toHaveLength(1);

      // The thank-you prompt for Dana, a day later: its Reply-To is where commands go.
      tend.setNow('2026-12-18T16:00:00Z');
      let before = (await tend.sent()).length;
      await cli(['tick']);
      const [prompt] = await newEmails(before);
      const replyTo = prompt?.replyTo[0] ?? '';
      expect(replyTo).toMatch(/^reply\+[0-9a-z]+@/);

      // Act: a reply naming the prompt's contact, another contact by address, and a bad date.
      before = (await tend.sent()).length;
      await reply(
        replyTo,
        'anniversary jan 2 2015\nbirthday omar@globex.example feb 30\nbirthday kim@cole.example none',
      );
      const [confirmation] = await newEmails(before);
      expect(confirmation?.body.text).toContain(
        "Dana Reyes's anniversary: 2 January 2015 (the digest lists it in the two weeks before)",
      );
      expect(confirmation?.body.text).toContain('birthday: February has no day 30');
      expect(confirmation?.body.text).toContain("Removed Kim Cole's birthday");
      expect(await datesOf('dana@reyes.example')).toEqual([
        { kind: 'anniversary', month: 1, day: 2, year: 2015 },
      ]);
      expect(await datesOf('omar@globex.example')).toEqual([
        { kind: 'birthday', month: 12, day: 31, year: 1985 },
      ]);
      expect(await datesOf('kim@cole.example')).toEqual([]);

      // The CLI's door: the same grammar, the same refusals.
      const moved = await cli<{ dates: Dates }>([
        'contacts',
        'edit',
        'lee@park.example',
        '--birthday',
        'jan 3',
        '--user',
        USER,
      ]);
      expect(moved.dates).toEqual([{ kind: 'birthday', month: 1, day: 3, year: null }]);
      const refused = await tend.tend([
        'contacts',
        'edit',
        'omar@globex.example',
        '--birthday',
        'feb 29 2023',
        '--user',
        USER,
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('2023 was not a leap year');

      // Neither a forged token nor the user's token sent by another user changes anything.
      before = (await tend.sent()).length;
      await reply(
        `reply+forgedtoken0000000000@${tend.domain}`,
        'birthday dana@reyes.example may 4',
      );
      await reply(replyTo, 'birthday dana@reyes.example may 4', OTHER_USER);
      // Each is quarantined with the user it came from.
      for (const from of [USER, OTHER_USER]) {
        const held = await cli<Array<{ reason: string }>>(['quarantine', 'list', '--user', from]);
        expect(
          held.map((q) => q.reason),
          from,
        ).toEqual(['bad-token']);
      }
      expect(await datesOf('dana@reyes.example')).toEqual([
        { kind: 'anniversary', month: 1, day: 2, year: 2015 },
      ]);
      expect((await newEmails(before)).some((e) => e.body.text?.includes('birthday'))).toBe(false);

      // Time travel to Monday's digest: 21 December to 3 January.
      tend.setNow(DIGEST_TICK);
      before = (await tend.sent()).length;
      await cli(['tick']);
      const digest = (await newEmails(before)).find((e) => e.subject.startsWith('Tend: '));
      const text = digest?.body.text ?? '';

      // Assert: the three dates of the window, soonest first, numbered; nothing else.
      const section = text.slice(text.indexOf('Birthdays and anniversaries'));
      const listed = [...section.matchAll(/^(\d+)\. (.+)\n {3}(.+)$/gm)].map((m) => [m[2], m[3]]);
      expect(listed).toEqual([
        ['Omar Haddad', 'Birthday on Thu 31 Dec (turns 41)'],
        ['Dana Reyes', 'Anniversary on Sat 2 Jan (12 years)'],
        ['Lee Park', 'Birthday on Sun 3 Jan'],
      ]);
      expect(section).not.toMatch(/Kim Cole|Fay Leap|Bo Bad/);
      expect(digest?.body.html).toContain('Birthdays and anniversaries');

      // The date items are the digest's items too: `N done` logs that the user wrote to Omar.
      const omarItem = /^(\d+)\. Omar Haddad$/m.exec(section)?.[1];
      before = (await tend.sent()).length;
      await reply(digest?.replyTo[0] ?? '', `${omarItem} done`);
      const [done] = await newEmails(before);
      expect(done?.body.text).toContain('Marked Omar Haddad done');
      const omar = await cli<{ interactionCount: number }>([
        'contacts',
        'show',
        'omar@globex.example',
        '--user',
        USER,
      ]);
      expect(omar.interactionCount).toBe(1);
    },
    TIMEOUT_MS,
  );
});
