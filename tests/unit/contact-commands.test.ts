import { describe, expect, it } from 'vitest';
import type { ContactCommand } from '../../shared/domain/commands';
import { newContact } from '../../shared/domain/contact';
import {
  decideContactCommand,
  type ContactCommandContext,
} from '../../shared/domain/contact-commands';
import type { Contact, PromptStatus, ThanksPrompt } from '../../shared/domain/types';

const NOW = new Date('2026-12-01T15:00:00Z');
const LATER = '2026-12-15T15:00:00.000Z';

/** Ana: emailed once, snoozed, on a 30-day cadence, tagged; her thank-you prompt was sent. */
function ana(overrides: Partial<Contact> = {}): Contact {
  return {
    ...newContact('ana@example.org', '2026-11-01T10:00:00.000Z', 'email'),
    name: 'Ana Lopez',
    tags: ['mentor'],
    cadenceDays: 30,
    snoozedUntil: '2026-12-05T09:00:00.000Z',
    lastInteractionAt: '2026-11-26T10:00:00.000Z',
    lastInboundAt: '2026-11-26T10:00:00.000Z',
    interactionCount: 1,
    lastSubject: 'Intro to the Acme team',
    ...overrides,
  };
}

function prompt(status: PromptStatus = 'sent', id = '01JD00000000000000000000PA'): ThanksPrompt {
  return {
    id,
    kind: 'thanks',
    contactEmail: 'ana@example.org',
    interactionId: 'i1',
    interactionAt: '2026-11-26T10:00:00.000Z',
    dueAt: '2026-11-27T10:00:00.000Z',
    status,
    sentAt: status === 'sent' ? '2026-11-27T10:01:00.000Z' : null,
    attempts: 1,
    lastError: 'a failure before',
    about: {
      subject: 'Intro to the Acme team',
      snippet: 'Happy to introduce you.',
      direction: 'inbound',
    },
    contactName: 'Ana Lopez',
  };
}

const onPrompt = (p: ThanksPrompt | null = prompt()): ContactCommandContext => ({
  now: NOW,
  door: 'reply',
  timezone: 'UTC',
  prompt: p,
  addedId: 'added-1',
});
const onDigest: ContactCommandContext = { ...onPrompt(null) };

const decide = (c: Contact, command: Exclude<ContactCommand, { kind: 'forget' }>, ctx = onDigest) =>
  decideContactCommand(c, command, ctx);

describe('snooze', () => {
  it('brings a sent thank-you back when the snooze ends, and points the contact at it again', () => {
    const d = decide(ana(), { kind: 'snooze', until: LATER }, onPrompt());

    expect(d.reschedulePrompt).toMatchObject({
      id: '01JD00000000000000000000PA',
      status: 'pending',
      dueAt: LATER,
      attempts: 0,
      lastError: null,
    });
    expect(d.contact).toMatchObject({
      snoozedUntil: LATER,
      pendingThanks: {
        id: '01JD00000000000000000000PA',
        interactionAt: '2026-11-26T10:00:00.000Z',
        dueAt: LATER,
      },
    });
    expect(d.message).toMatch(/remind you about the thank-you/);
  });

  it.each<PromptStatus>(['done', 'cancelled', 'claimed'])(
    'leaves a %s thank-you alone and only snoozes the contact',
    (status) => {
      const d = decide(ana(), { kind: 'snooze', until: LATER }, onPrompt(prompt(status)));

      expect(d.reschedulePrompt).toBeUndefined();
      expect(d.contact).toEqual(ana({ snoozedUntil: LATER }));
    },
  );

  it('leaves an old thank-you alone when a newer one is open for the contact', () => {
    const newer = {
      id: '01JD00000000000000000000PB',
      interactionAt: NOW.toISOString(),
      dueAt: LATER,
    };
    const d = decide(ana({ pendingThanks: newer }), { kind: 'snooze', until: LATER }, onPrompt());

    expect(d.reschedulePrompt).toBeUndefined();
    expect(d.contact.pendingThanks).toEqual(newer);
  });

  it('on a digest item snoozes the contact and nothing else', () => {
    const d = decide(ana(), { kind: 'snooze', until: LATER });

    expect(d).toEqual({
      contact: ana({ snoozedUntil: LATER }),
      message: 'Snoozed Ana Lopez until Tue 15 Dec',
    });
  });

  it("ignores a prompt about someone else (an address named in a reply to another's prompt)", () => {
    const other = { ...prompt(), contactEmail: 'ben@example.org' };
    const d = decide(ana(), { kind: 'snooze', until: LATER }, onPrompt(other));

    expect(d.reschedulePrompt).toBeUndefined();
  });
});

describe('skip', () => {
  it('on a thank-you prompt closes that prompt and changes nothing else', () => {
    const open = {
      id: '01JD00000000000000000000PA',
      interactionAt: '2026-11-26T10:00:00.000Z',
      dueAt: LATER,
    };
    const d = decide(ana({ pendingThanks: open }), { kind: 'skip' }, onPrompt(prompt('pending')));

    expect(d.closePromptId).toBe('01JD00000000000000000000PA');
    expect(d.contact).toEqual(ana()); // snooze, cadence and clock kept; only the copy goes
    expect(d.interaction).toBeUndefined();
  });

  it('on a thank-you already closed changes nothing', () => {
    const d = decide(ana(), { kind: 'skip' }, onPrompt(prompt('done')));

    expect(d.closePromptId).toBeUndefined();
    expect(d.contact).toEqual(ana());
    expect(d.message).toMatch(/already closed/);
  });

  it('on a digest item restarts the reconnect clock, logs nothing and keeps the rest', () => {
    const open = {
      id: '01JD00000000000000000000PB',
      interactionAt: NOW.toISOString(),
      dueAt: LATER,
    };
    const d = decide(ana({ pendingThanks: open }), { kind: 'skip' });

    expect(d.contact).toEqual(ana({ pendingThanks: open, clockResetAt: NOW.toISOString() }));
    expect(d.interaction).toBeUndefined();
    expect(d.closePromptId).toBeUndefined();
  });
});

describe('the other contact commands', () => {
  const table: ReadonlyArray<
    [string, Exclude<ContactCommand, { kind: 'forget' }>, Partial<Contact>, RegExp]
  > = [
    ['mute', { kind: 'mute' }, { status: 'muted' }, /^Muted Ana Lopez/],
    ['unmute', { kind: 'unmute' }, { status: 'active' }, /^Unmuted Ana Lopez$/],
    ['every', { kind: 'every', days: 60 }, { cadenceDays: 60 }, /every 60 days$/],
    ['every day', { kind: 'every', days: 1 }, { cadenceDays: 1 }, /every 1 day$/],
    [
      'tag',
      { kind: 'tag', tag: 'advisor' },
      { tags: ['mentor', 'advisor'] },
      /Tagged Ana Lopez 'advisor'/,
    ],
    ['tag again', { kind: 'tag', tag: 'mentor' }, { tags: ['mentor'] }, /Tagged/],
    ['untag', { kind: 'untag', tag: 'mentor' }, { tags: [] }, /Removed the tag 'mentor'/],
    ['untag a missing tag', { kind: 'untag', tag: 'vip' }, {}, /had no tag 'vip'/],
    [
      'rename',
      { kind: 'rename', name: 'Ana María López' },
      { name: 'Ana María López', nameSetByUser: true },
      /Renamed Ana Lopez to Ana María López/,
    ],
  ];

  it.each(table)('%s', (_name, command, change, message) => {
    const d = decide(ana(), command);

    expect(d.contact).toEqual(ana(change));
    expect(d.message).toMatch(message);
  });

  it('note adds a dated note with the given id and shows it as the latest', () => {
    const d = decide(ana(), { kind: 'note', text: 'Loves climbing' });

    expect(d.note).toEqual({
      id: 'added-1',
      contactEmail: 'ana@example.org',
      at: NOW.toISOString(),
      text: 'Loves climbing',
    });
    expect(d.contact.latestNote).toBe('Loves climbing');
  });

  it('done on a prompt logs a manual interaction, closes the prompt and lifts the snooze', () => {
    const d = decide(ana(), { kind: 'done' }, onPrompt());

    expect(d.interaction).toMatchObject({
      id: 'added-1',
      direction: 'manual',
      at: NOW.toISOString(),
    });
    expect(d.closePromptId).toBe('01JD00000000000000000000PA');
    expect(d.contact).toMatchObject({
      snoozedUntil: null,
      interactionCount: 2,
      lastOutboundAt: NOW.toISOString(),
    });
  });

  it.each([
    ['reply', 'Marked done by reply'],
    ['link', 'Marked done from a link in an email'],
    ['web', 'Marked done in the web app'],
    ['cli', 'Marked done with tend contacts edit'],
  ] as const)('done through the %s door says so on the timeline', (door, snippet) => {
    const d = decide(ana(), { kind: 'done' }, { ...onPrompt(), door });
    expect(d.interaction?.snippet).toBe(snippet);
  });
});
