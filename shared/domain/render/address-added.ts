import { html } from './html';
import { emailDocument, joinText, S, TEXT_RULE, TEXT_SIGNOFF, type RenderedEmail } from './layout';

export interface AddressAddedView {
  /** The address just proven and added. */
  address: string;
  /** The web app's base URL, for the way to Settings (null: not configured). */
  webUrl: string | null;
}

/**
 * SPEC 8 Settings: the user claimed a sending address and an email from it proved it. Sent to
 * the user's primary address only (never to the new one): the address is theirs now, and if
 * they did not ask for it, Settings takes it off again.
 */
export function renderAddressAdded(view: AddressAddedView): RenderedEmail {
  const subject = `${view.address} is now one of your Tend addresses`;
  const heading = 'Address added';
  const what = `${view.address} is now one of your addresses; Tend will log mail you send from it.`;
  const why = 'An email from it to login@ carried the code Settings gave you.';
  const settings = view.webUrl ? new URL('/settings', view.webUrl).href : null;
  const notYou = 'If you did not ask for this, remove it under Settings, Your addresses.';
  const body = html`<h1 style="${S.h1}">${heading}</h1>
    <p style="${S.p}">${what}</p>
    <p style="${S.p}">${why}</p>
    <p style="${S.muted}">
      ${notYou} ${settings ? html`<a href="${settings}" style="${S.link}">Open Settings</a>` : ''}
    </p>`;
  const footer = html`<p style="${S.p}">
    Tend writes only to this address, never to the new one.
  </p>`;
  const text = joinText([
    heading,
    what,
    why,
    settings ? `${notYou}\n${settings}` : notYou,
    `${TEXT_RULE}\nTend writes only to this address, never to the new one.`,
    TEXT_SIGNOFF,
  ]);
  return { subject, text, html: emailDocument(subject, body, footer) };
}
