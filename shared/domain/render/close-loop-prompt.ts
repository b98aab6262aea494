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

interface Person {
  email: string;
  name: string | null;
}

/** SPEC 9: the close-the-loop prompt: tell the introducer how it went with the person they
 * introduced the user to. */
export interface CloseLoopPromptView {
  /** The user's IANA zone: dates are shown in it. */
  timezone: string;
  introducer: Person;
  introduced: Person;
  /** The user's first interaction with the person introduced (what made the prompt due). */
  interaction: { subject: string | null; at: string; direction: Direction };
  now: string;
  /** SPEC 8: Done / Snooze 2 weeks / Open, acting on the prompt; absent without TEND_WEB_URL. */
  links?: ActionLinks | null;
}

/** The replies a close-the-loop prompt accepts (SPEC 4): they act on the introducer. */
export const CLOSE_LOOP_COMMANDS: readonly CommandEntry[] = [
  { command: 'done', effect: 'you told them (logged, and their clock restarts)' },
  { command: 'skip', effect: 'no note needed this time' },
  { command: 'snooze 2w', effect: 'no prompts about them for two weeks' },
  { command: 'mute', effect: 'no more prompts about this person' },
  { command: 'note …', effect: 'add a note, e.g. "note hiring in March"' },
  { command: 'help', effect: 'every command Tend understands' },
];

function happened(view: CloseLoopPromptView, who: string): string {
  const when = timeSince(view.interaction.at, view.now, view.timezone);
  return view.interaction.direction === 'meeting'
    ? `You met ${who} ${when}.`
    : `You wrote to ${who} ${when}.`;
}

/** A short note to the introducer, started for the user: they finish it. */
function noteStart(introducerFirst: string | null, introducedName: string) {
  return {
    hi: introducerFirst ? `Hi ${introducerFirst},` : 'Hi,',
    rest: `thanks again for introducing me to ${introducedName}. We have been in touch since, and`,
  };
}

function draftTo(
  view: CloseLoopPromptView,
  note: ReturnType<typeof noteStart>,
  introducedName: string,
): Draft | null {
  if (!canWriteTo(view.introducer.email)) return null;
  return {
    to: view.introducer.email,
    subject: `${introducedName}: how it went`,
    body: `${note.hi}\n\n${note.rest.charAt(0).toUpperCase()}${note.rest.slice(1)} \n\n`,
  };
}

/** What a close-the-loop prompt asks, wherever it is shown: "Tell Jordan how it went with Chris". */
export function closeLoopAsk(introducer: Person, introduced: Person): string {
  const short = (p: Person) => firstName(p.name) ?? displayName(p.name, p.email);
  return `Tell ${short(introducer)} how it went with ${short(introduced)}`;
}

/** "Tell Jordan how it went with Chris": who introduced whom, when the user followed up, a first
 * line for the note and a draft to the introducer, and the replies it takes. */
export function renderCloseLoopPrompt(view: CloseLoopPromptView): RenderedEmail {
  const introducer = displayName(view.introducer.name, view.introducer.email);
  const introduced = displayName(view.introduced.name, view.introduced.email);
  const introducedShort = firstName(view.introduced.name) ?? introduced;
  const introducerShort = firstName(view.introducer.name) ?? introducer;
  const subject = closeLoopAsk(view.introducer, view.introduced);
  const note = noteStart(firstName(view.introducer.name), introducedShort);
  const line = `${note.hi} ${note.rest}`;
  const draft = draftTo(view, note, introducedShort);
  const bracket = (who: string, email: string) => (who === email ? who : `${who} (${email})`);
  const intro = `${bracket(introducer, view.introducer.email)} introduced you to ${bracket(introduced, view.introduced.email)}.`;
  const followed = happened(view, introducedShort);
  const about = cleanSubject(view.interaction.subject);
  const when = formatDayTime(view.interaction.at, view.timezone, view.now);
  const endingOf = {
    line: `${line}…`,
    writeTo: introducerShort,
    draft,
    links: view.links,
    about: introducer,
    commands: CLOSE_LOOP_COMMANDS,
  };
  const ending = promptEndingHtml(endingOf);

  const body = html`<h1 style="${S.h1}">${subject}</h1>
    <p style="${S.p}">${intro} ${followed}</p>
    ${about ? html`<p style="${S.line}"><strong>Subject:</strong> ${about}</p>` : ''}
    <p style="${S.line}"><strong>When:</strong> ${when}</p>
    <p style="${S.p}">
      Introducers rarely hear what came of their intro; a two-line note closes the loop.
    </p>
    ${ending.body}`;

  const text = joinText([
    subject,
    `${intro} ${followed}`,
    [about ? `Subject: ${about}` : null, `When: ${when}`].filter((l) => l !== null).join('\n'),
    'Introducers rarely hear what came of their intro; a two-line note closes the loop.',
    ...promptEndingText(endingOf),
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, ending.footer) };
}
