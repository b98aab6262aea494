import type { HelpKind } from '../news';
import { count } from '../count';
import { displayName, firstName } from './format';
import { html, type SafeHtml } from './html';
import {
  S,
  code,
  commandListHtml,
  commandListText,
  draftLinkHtml,
  draftLinkText,
  emailDocument,
  joinText,
  TEXT_RULE,
  TEXT_SIGNOFF,
  type CommandEntry,
  type RenderedEmail,
} from './layout';
import { canWriteTo, type Draft } from './mailto';

export interface NewsPersonView {
  /** The number the user types in a reply (`3 done`). */
  n: number;
  name: string | null;
  email: string;
  /** Why they are on the list, most telling first. */
  kinds: HelpKind[];
}

export interface NewsChecklistView {
  /** The news as the user wrote it (already bounded). */
  news: string;
  /** Already chosen and ordered (most helpful first). */
  people: NewsPersonView[];
  /** Qualified but past the cap. */
  more: number;
}

/** The subject of a draft says what it is about, in at most this many characters of the news. */
const DRAFT_SUBJECT_NEWS_CHARS = 60;

/** User commands a checklist reply takes without a number. */
const NEWS_USER_COMMANDS: readonly CommandEntry[] = [
  { command: 'news …', effect: 'a new checklist for other news (or email news@ again)' },
  { command: 'help', effect: 'every command Tend understands' },
];

const REASONS: Record<HelpKind, string> = {
  introduced: 'made an introduction',
  mentor: 'mentor',
  advisor: 'advisor',
  thanked: 'you thanked them',
};

/** "mentor · you thanked them" */
function reasonsOf(p: NewsPersonView): string {
  return p.kinds.map((k) => REASONS[k]).join(' · ');
}

/** The line that says why they hear it from the user, by the most telling kind of help. */
function gratitude(kinds: readonly HelpKind[]): string {
  switch (kinds[0]) {
    case 'introduced':
      return 'Your introduction was part of how this happened: thank you.';
    case 'mentor':
    case 'advisor':
      return 'Your advice helped me get here, and I wanted you to hear it from me.';
    default:
      return 'Thank you again for your help along the way: it made a difference.';
  }
}

/** The news as the first words of a subject: its first line, cut at a word. */
function subjectOf(news: string): string {
  const first = (news.split('\n')[0] ?? '').trim();
  if (first.length <= DRAFT_SUBJECT_NEWS_CHARS) return `Some news: ${first}`;
  const cut = first.slice(0, DRAFT_SUBJECT_NEWS_CHARS);
  const space = cut.lastIndexOf(' ');
  return `Some news: ${(space > 20 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/**
 * A short personal draft built from the news: "Hi Ana,\n\nSome news: I started at Acme…" and a
 * line of thanks that fits why they are on the list. The user edits and sends it.
 */
export function newsDraft(p: NewsPersonView, news: string): Draft | null {
  if (!canWriteTo(p.email)) return null;
  const first = firstName(p.name);
  const hi = first ? `Hi ${first},` : 'Hi,';
  return {
    to: p.email,
    subject: subjectOf(news),
    body: `${hi}\n\nSome news: ${news}\n\n${gratitude(p.kinds)}\n\n`,
  };
}

/** Examples with the checklist's own numbers (never one it does not have). */
export function newsItemExamples(view: Pick<NewsChecklistView, 'people'>): CommandEntry[] {
  const [first, second] = view.people.map((p) => p.n);
  if (first === undefined) return [];
  return [
    {
      command: `${second ?? first} done`,
      effect: `you told #${second ?? first} (logged, and their clock restarts)`,
    },
    { command: `${first} note …`, effect: `add a note to #${first}, e.g. what they said` },
  ];
}

function personHtml(p: NewsPersonView, news: string): SafeHtml {
  const name = displayName(p.name, p.email);
  const draft = newsDraft(p, news);
  const writeTo = firstName(p.name) ?? p.email;
  return html`<div style="${S.item}">
    <p style="${S.itemName}"><span style="${S.number}">${p.n}</span>${name}</p>
    ${name !== p.email ? html`<p style="${S.muted}">${p.email}</p>` : ''}
    <p style="${S.line}">${reasonsOf(p)}</p>
    ${draft ? html`<p style="${S.line}">${draftLinkHtml(writeTo, draft)}</p>` : ''}
  </div> `;
}

function personText(p: NewsPersonView, news: string): string {
  const name = displayName(p.name, p.email);
  const draft = newsDraft(p, news);
  const lines = [`${p.n}. ${name}`];
  if (name !== p.email) lines.push(`   ${p.email}`);
  lines.push(`   ${reasonsOf(p)}`);
  if (draft) lines.push(`   ${draftLinkText(firstName(p.name) ?? p.email, draft)}`);
  return lines.join('\n');
}

const NEVER =
  'Tend has written to none of them: each link opens a draft in your own mail app, for you to edit and send.';
const NOBODY =
  'Tend found nobody yet: no thank-you prompts in the last two years, nobody tagged mentor or advisor. ' +
  "Reply to any Tend email with 'tag ana@example.com mentor' to add someone, then email news@ again.";
const WHO =
  'People you were prompted to thank, your mentors and advisors, and those who introduced you, over the last two years; most helpful first.';

function moreLine(more: number, shown: number): string | null {
  return more > 0
    ? `And ${count(more, 'more person', 'more people')} who helped: not listed, since the ${shown} above helped most.`
    : null;
}

/**
 * SPEC 9: the answer to news@ (or a `news …` reply): the people who helped, numbered, each with
 * a `mailto:` draft built from the news, so `3 done` in a reply logs that the user told them.
 * Tend never writes to them itself.
 */
export function renderNewsChecklist(view: NewsChecklistView): RenderedEmail {
  const n = view.people.length;
  const heading = n > 0 ? `${count(n, 'person', 'people')} to tell your news` : 'Your news';
  const subject = `Tend: ${heading}`;
  const examples = newsItemExamples(view);
  const more = moreLine(view.more, n);
  const hint = n > 0 ? `When you have told someone, reply with their number and done, e.g.` : null;
  const example = examples[0]?.command ?? '';

  const body = html`<h1 style="${S.h1}">${heading}</h1>
    <div style="${S.quote}">${view.news}</div>
    ${
      n > 0
        ? html`<p style="${S.p}">${WHO}</p>
            <p style="${S.p}">${NEVER}</p>
            ${hint ? html`<p style="${S.p}">${hint} ${code(example)}.</p>` : ''}
            ${view.people.map((p) => personHtml(p, view.news))}
            ${more ? html`<p style="${S.muted}">${more}</p>` : ''}`
        : html`<p style="${S.p}">${NOBODY}</p>`
    }`;

  const footer =
    examples.length > 0
      ? html`<p style="${S.p}">
            <strong>Reply with one command per line.</strong> Start with the number:
          </p>
          ${commandListHtml(examples)}
          <p style="${S.p}">Or, without a number:</p>
          ${commandListHtml(NEWS_USER_COMMANDS)}`
      : html`<p style="${S.p}"><strong>Reply with one command per line:</strong></p>
          ${commandListHtml(NEWS_USER_COMMANDS)}`;

  const text = joinText([
    heading,
    view.news
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
    n > 0 ? `${WHO}\n${NEVER}` : NOBODY,
    hint ? `${hint} "${example}".` : null,
    ...view.people.map((p) => personText(p, view.news)),
    more,
    (examples.length > 0
      ? [
          TEXT_RULE,
          'Reply with one command per line. Start with the number:',
          '',
          commandListText(examples),
          '',
          'Or, without a number:',
          '',
          commandListText(NEWS_USER_COMMANDS),
        ]
      : [TEXT_RULE, 'Reply with one command per line:', '', commandListText(NEWS_USER_COMMANDS)]
    ).join('\n'),
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, footer) };
}

/** An email to news@ with nothing in it: say what Tend needs rather than stay silent (SPEC 4). */
export function renderNoNews(): RenderedEmail {
  const subject = 'Tend: what is your news?';
  const lead = 'Tend got your email to news@, but found no news in it.';
  const how =
    'Write it in the body, as you would tell a friend ("I started at Acme as Head of Product"), and send it to news@ again. Tend answers with a checklist of the people who helped, each with a draft to send them.';
  const body = html`<h1 style="${S.h1}">What is your news?</h1>
    <p style="${S.p}">${lead}</p>
    <p style="${S.p}">${how}</p>`;
  const footer = html`<p style="${S.p}">
    Or reply to any Tend email with ${code('news I started at Acme')}.
  </p>`;
  const text = joinText([
    'What is your news?',
    lead,
    how,
    `${TEXT_RULE}\nOr reply to any Tend email with "news I started at Acme".`,
    TEXT_SIGNOFF,
  ]);
  return { subject, text, html: emailDocument(subject, body, footer) };
}
