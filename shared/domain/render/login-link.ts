import { html } from './html';
import { emailDocument, joinText, S, TEXT_RULE, TEXT_SIGNOFF, type RenderedEmail } from './layout';

export interface LoginLinkView {
  url: string;
  /** How long the link works (LOGIN_LINK_MINUTES). */
  minutes: number;
}

/**
 * SPEC 8: the answer to an email to login@ — a one-time link to the web app. Opening it shows
 * a "Sign in" button, so a mail scanner that fetches the link signs nobody in.
 */
export function renderLoginLink(view: LoginLinkView): RenderedEmail {
  const subject = 'Your Tend sign-in link';
  const heading = 'Sign in to Tend';
  const works = `The link works once, within ${view.minutes} minutes.`;
  const notYou =
    'If you did not ask for it, ignore this email: without your mailbox nobody can use it.';
  const body = html`<h1 style="${S.h1}">${heading}</h1>
    <p style="${S.p}"><a href="${view.url}" style="${S.link}">Open Tend and sign in</a></p>
    <p style="${S.p}">${works}</p>
    <p style="${S.muted}">${notYou}</p>`;
  const footer = html`<p style="${S.p}">Email login@ again for a new link.</p>`;
  const text = joinText([
    heading,
    `Open this link and press "Sign in":\n${view.url}`,
    works,
    notYou,
    `${TEXT_RULE}\nEmail login@ again for a new link.`,
    TEXT_SIGNOFF,
  ]);
  return { subject, text, html: emailDocument(subject, body, footer) };
}
