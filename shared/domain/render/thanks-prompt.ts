import { promptEndingHtml, promptEndingText } from './prompt-ending';
import { cleanSubject, displayName, firstName, formatDayTime, timeSince } from './format';
import { html } from './html';
import {
  S,
  emailDocument,
  joinText,
  TEXT_SIGNOFF,
  type CommandEntry,
  type RenderedEmail,
} from './layout';
import { canWriteTo, type Draft } from './mailto';
import type { ActionLinks } from '../action-links';
import type { Direction } from '../types';

export interface ThanksPromptView {
  /** The user's IANA zone: dates are shown in it. */
  timezone: string;
  contact: { email: string; name: string | null };
  interaction: {
    subject: string | null;
    at: string;
    snippet: string;
    direction: Direction;
  };
  now: string;
  /** SPEC 8: the prompt's Done / Snooze 2 weeks / Open links. Absent when the web app's address
   * is not known (TEND_WEB_URL unset): the prompt then has replies only, no links. */
  links?: ActionLinks | null;
}

/** Leads the action links: each opens a page with one button, so a click is never the action. */

/** The replies a thank-you prompt accepts (SPEC 4), as its footer lists them. */
export const THANKS_COMMANDS: readonly CommandEntry[] = [
  { command: 'done', effect: 'you sent the thank-you (logged, and the clock restarts)' },
  { command: 'snooze 2w', effect: 'remind you again in two weeks' },
  { command: 'skip', effect: 'no thank-you needed this time' },
  { command: 'mute', effect: 'no more prompts about this person' },
  { command: 'note …', effect: 'add a note, e.g. "note met at the meetup"' },
  { command: 'forget', effect: 'delete this contact and never log the address again' },
  { command: 'help', effect: 'every command Tend understands' },
];

/** An intro target longer than this is more likely a sentence than a name: leave it out. */
const MAX_INTRO_TARGET_CHARS = 60;

/** What the thank-you is for, read from the subject; it shapes the subject and first line. */
interface Occasion {
  pattern: RegExp;
  /** Completes "thank you for …" and "Thank Ana for …?". */
  what: (match: string) => string;
  /** The rest of the suggested first line, after "thank you for <what>". */
  tail: string;
}

const OCCASIONS: readonly Occasion[] = [
  {
    pattern: /\b(intro|introduction|introducing)\b|<>/i,
    what: () => 'the intro',
    tail: 'I really appreciate you connecting us.',
  },
  {
    pattern: /\b(referral|referred|referring|recommendation|recommended)\b/i,
    what: (m) => (/^recommend/i.test(m) ? 'the recommendation' : 'the referral'),
    tail: 'It means a lot that you would vouch for me.',
  },
  {
    pattern: /\binterview(s|ing)?\b/i,
    what: () => 'the interview',
    tail: 'I enjoyed the conversation and learning more about the team.',
  },
  {
    pattern: /\b(advice|feedback|tips|mentoring)\b/i,
    what: (m) => (/^feedback/i.test(m) ? 'the feedback' : 'the advice'),
    tail: 'It was exactly what I needed.',
  },
  {
    pattern: /\b(coffee|lunch|dinner|breakfast|drinks)\b/i,
    what: (m) => (/^coffee/i.test(m) ? 'the coffee' : m.toLowerCase()),
    tail: 'It was great to catch up.',
  },
  {
    pattern: /\b(call|chat|meeting|catch[- ]?up|zoom)\b/i,
    what: () => 'taking the time to talk',
    tail: 'It was great to catch up.',
  },
];

/** Between the two people an intro connects: "Ana <> Ben", "Ana / Ben", "Ana x Ben". */
const INTRO_SEPARATOR = /\s*(?:<->|<>|\s\/\s|\sx\s)\s*/i;

/**
 * Whom the contact introduced the user to, when the subject says so plainly:
 * "Intro: Ana Lopez <> Ben Park" (from Ana) → "Ben Park"; "Introduction to Ben Park" → "Ben Park".
 * Anything less clear gives null and the line stays generic.
 */
function introTarget(subject: string, first: string | null): string | null {
  const label = /\b(?:intro|introduction|introducing)\b(?:\s+to\b|\s*[:\-–])\s*(.+)$/i.exec(
    subject,
  );
  const rest = label?.[1] ?? subject;
  let parts: string[];
  if (INTRO_SEPARATOR.test(rest)) {
    parts = rest
      .split(INTRO_SEPARATOR)
      .map((p) => p.replace(/\b(?:intro|introduction)\b/gi, '').trim())
      .filter((p) => p !== '' && !/^(you|me|us)$/i.test(p))
      .filter((p) => first === null || !p.toLowerCase().includes(first.toLowerCase()));
  } else if (label) {
    parts = [rest.trim()];
  } else {
    return null;
  }
  const [target] = parts;
  if (parts.length !== 1 || !target || target.length > MAX_INTRO_TARGET_CHARS) return null;
  return target;
}

interface Suggestion {
  /** "the intro", or null when the subject says nothing we recognise. */
  what: string | null;
  /** "Hi Ana," */
  hi: string;
  /** What follows the greeting: "thank you for the intro. I really appreciate…" */
  rest: string;
}

/** The suggested first line, greeting included. */
const lineOf = (s: Suggestion) => `${s.hi} ${s.rest}`;

function suggest(view: ThanksPromptView): Suggestion {
  const first = firstName(view.contact.name);
  const hi = first ? `Hi ${first},` : 'Hi there,';
  const subject = cleanSubject(view.interaction.subject);
  const { direction } = view.interaction;

  if (subject !== null) {
    for (const occasion of OCCASIONS) {
      const match = occasion.pattern.exec(subject);
      if (match === null) continue;
      const what = occasion.what(match[0]);
      const target = what === 'the intro' ? introTarget(subject, first) : null;
      const thanksFor = target ? `${what} to ${target}` : what;
      return { what, hi, rest: `thank you for ${thanksFor}. ${occasion.tail}` };
    }
    const about = `“${subject}”`;
    return {
      what: null,
      hi,
      rest:
        direction === 'inbound'
          ? `thank you for your note about ${about}. I really appreciated it.`
          : `thanks again for your time on ${about}. I really appreciated it.`,
    };
  }
  if (direction === 'manual' || direction === 'meeting') {
    return {
      what: null,
      hi,
      rest: 'thank you for taking the time to meet. It was great to connect.',
    };
  }
  return {
    what: null,
    hi,
    rest:
      direction === 'inbound'
        ? 'thank you for getting in touch. It was great to hear from you.'
        : 'thank you for your time. It was great to connect.',
  };
}

/**
 * The note as a draft in the user's own mail client: a reply to the conversation's subject
 * ("Re: Coffee?"), the greeting, then the suggested line as its first sentence.
 */
function thanksDraft(view: ThanksPromptView, s: Suggestion): Draft | null {
  if (!canWriteTo(view.contact.email)) return null;
  const subject = cleanSubject(view.interaction.subject);
  const sentence = `${s.rest.charAt(0).toUpperCase()}${s.rest.slice(1)}`;
  return {
    to: view.contact.email,
    subject: subject ? `Re: ${subject}` : 'Thank you',
    body: `${s.hi}\n\n${sentence}\n\n`,
  };
}

function happened(view: ThanksPromptView, who: string): string {
  // The address goes in brackets unless it is already what names the contact.
  const person = who === view.contact.email ? who : `${who} (${view.contact.email})`;
  const when = timeSince(view.interaction.at, view.now, view.timezone);
  switch (view.interaction.direction) {
    case 'inbound':
      return `${person} emailed you ${when}.`;
    case 'outbound':
      return `You emailed ${person} ${when}.`;
    case 'manual':
      return `You logged time with ${person} ${when}.`;
    case 'meeting':
      return `You met ${person} ${when}.`;
  }
}

/** The single thank-you prompt: who, what happened, a first line to start from, the replies it takes. */
export function renderThanksPrompt(view: ThanksPromptView): RenderedEmail {
  const { contact, interaction } = view;
  const who = displayName(contact.name, contact.email);
  const suggestion = suggest(view);
  const line = lineOf(suggestion);
  const draft = thanksDraft(view, suggestion);
  const writeTo = firstName(contact.name) ?? contact.email;
  const endingOf = { writeTo, draft, links: view.links, about: who, commands: THANKS_COMMANDS };
  const subject = suggestion.what
    ? `Thank ${who} for ${suggestion.what}?`
    : `Send ${who} a thank-you?`;
  const when = formatDayTime(interaction.at, view.timezone, view.now);
  const snippet = interaction.snippet.trim();
  const ending = promptEndingHtml({ ...endingOf, line });

  const body = html`<h1 style="${S.h1}">${subject}</h1>
    <p style="${S.p}">${happened(view, who)}</p>
    <p style="${S.line}"><strong>Subject:</strong> ${interaction.subject ?? '(no subject)'}</p>
    <p style="${S.line}"><strong>When:</strong> ${when}</p>
    ${snippet ? html`<div style="${S.snippet}">${snippet}</div>` : ''} ${ending.body}`;

  const text = joinText([
    subject,
    happened(view, who),
    [`Subject: ${interaction.subject ?? '(no subject)'}`, `When: ${when}`].join('\n'),
    snippet
      ? snippet
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')
      : null,
    ...promptEndingText({ ...endingOf, line }),
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, ending.footer) };
}
