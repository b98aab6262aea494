import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../shared/domain/commands';
import { parseLogHints } from '../../shared/domain/ingest/address-hints';
import { MAX_TAG_CHARS, readCadence, readTag } from '../../shared/domain/vocabulary';
import { parseSetting } from '../../shared/use-cases/settings';

/**
 * One vocabulary (shared/domain/vocabulary.ts), three doors: a `log+WORD@` hint, an `every WORD`
 * reply command and `tend settings set cadence WORD` read each word the same, and a tag is the
 * same word in `log+TAG@`, `tag TAG` and `settings set tag-cadence.TAG`.
 */
const ctx = { now: new Date('2026-11-26T12:00:00Z'), timezone: 'UTC' };

function everyDays(word: string): number | null {
  const parsed = parseCommandLine(`every ${word}`, ctx);
  return 'command' in parsed && parsed.command.kind === 'every' ? parsed.command.days : null;
}

function settingDays(word: string): number | null {
  try {
    const change = parseSetting('cadence', word, ctx.now, ctx.timezone);
    return change.key === 'cadence' ? change.days : null;
  } catch {
    return null;
  }
}

describe('cadence words', () => {
  it.each([
    ['daily', 1],
    ['weekly', 7],
    ['biweekly', 14],
    ['fortnightly', 14],
    ['monthly', 30],
    ['bimonthly', 60],
    ['quarterly', 90],
    ['yearly', 365],
    ['annually', 365],
    ['30d', 30],
    ['2w', 14],
    ['3m', 90],
    ['1y', 365],
    ['6mo', 180],
  ])('%s is %i days at every door', (word, days) => {
    expect(readCadence(word)).toEqual({ days });
    expect(parseLogHints(word).cadenceDays).toBe(days);
    expect(everyDays(word)).toBe(days);
    expect(settingDays(word)).toBe(days);
  });

  it.each(['0d', '6y', '9999d'])('%s is outside 1 day to 5 years at every door', (word) => {
    expect('error' in readCadence(word)).toBe(true);
    expect(parseLogHints(word).cadenceDays).toBeNull();
    expect(everyDays(word)).toBeNull();
    expect(settingDays(word)).toBeNull();
  });
});

describe('tags', () => {
  const longest = `a${'b'.repeat(MAX_TAG_CHARS - 1)}`;

  it.each(['mentor', 'investor-relations', 'q4_2026', longest])(
    '%s is a tag at every door',
    (word) => {
      expect(readTag(word)).toBe(word);
      expect(parseLogHints(word).tags).toEqual([word]);
      expect(parseCommandLine(`tag ${word}`, ctx)).toMatchObject({
        command: { kind: 'tag', tag: word },
      });
      expect(parseSetting(`tag-cadence.${word}`, '14', ctx.now, ctx.timezone)).toEqual({
        key: 'tag-cadence',
        tag: word,
        days: 14,
      });
    },
  );

  it.each([`${longest}c`, '-lead', 'two words', 'mentör'])('%s is a tag at no door', (word) => {
    expect(readTag(word)).toBeNull();
    expect(parseLogHints(word.replace(/ /g, '')).tags).not.toContain(word);
    expect(parseCommandLine(`tag ${word}`, ctx)).toHaveProperty('error');
    expect(() => parseSetting(`tag-cadence.${word}`, '14', ctx.now, ctx.timezone)).toThrow(
      /is not a tag/,
    );
  });

  it('reads "#Mentor" as the tag mentor', () => {
    expect(readTag('#Mentor')).toBe('mentor');
    expect(parseCommandLine('tag #Mentor', ctx)).toMatchObject({
      command: { kind: 'tag', tag: 'mentor' },
    });
  });
});
