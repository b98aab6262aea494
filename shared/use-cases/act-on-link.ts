import {
  actionLinkMarkerKey,
  InvalidActionLinkError,
  LINK_COMMANDS,
  verifyActionToken,
  type ActionLinkClaims,
} from '../domain/action-links';
import { isContactCommand, parseCommandLine, type ContactCommand } from '../domain/commands';
import type { Contact, ThanksPrompt, User } from '../domain/types';
import { logger, sha256Hex } from '../logger';
import type { App } from '../ports/app-context';
import type { IngestMarkers } from '../ports/ingest-ledger';
import { applyContactCommand } from './contact-commands';
import { markersExpireAt } from './mail-markers';

/**
 * SPEC 8, action links in emails: the Done / Snooze 2 weeks / Open link of one item. Reading a
 * link (its page's GET) changes nothing; acting on it (the page's POST) applies the reply command
 * the link stands for through the reply's own use case (applyContactCommand), to the contact a
 * reply to that email would name, exactly once: the link's markers are written in the same
 * transaction as the change (the reply's exactly-once markers, ports/ingest-ledger.ts), so a
 * second POST of the same link, or two at once, changes nothing.
 */

/** A link that verified, and what it acts on as things stand. */
export interface ResolvedLink {
  claims: ActionLinkClaims;
  user: User;
  contact: Pick<Contact, 'email' | 'name'>;
  /** The prompt a prompt's link acts on (`done` closes it, as a reply does); null for a digest item. */
  prompt: ThanksPrompt | null;
  markers: IngestMarkers;
}

export type LinkCheck =
  /** Forged, altered, malformed or expired: nothing is read beyond the token. */
  | { outcome: 'invalid'; reason: InvalidActionLinkError['reason'] }
  /** Genuine, but its user, prompt, digest item or contact is no longer in Tend. */
  | { outcome: 'gone' }
  /** `done`: this very link was acted on before. */
  | { outcome: 'ready'; link: ResolvedLink; done: boolean };

export type LinkResult =
  | Exclude<LinkCheck, { outcome: 'ready' }>
  | { outcome: 'applied'; link: ResolvedLink; message: string }
  /** Acted on before (a second POST, a double click): nothing changed this time. */
  | { outcome: 'already'; link: ResolvedLink }
  /** An Open link: nothing to do but show the contact. */
  | { outcome: 'open'; link: ResolvedLink };

/** The exactly-once markers of one link: the same link always gives the same markers. */
function linkMarkers(token: string, now: Date): IngestMarkers {
  const hash = sha256Hex(`action-link\n${token.trim().toLowerCase()}`).slice(0, 32);
  return {
    messageIdHash: `link-${hash}`,
    s3Key: actionLinkMarkerKey(hash),
    expiresAt: markersExpireAt(now),
  };
}

/**
 * Verifies the token and finds what it acts on, scoped to the user it was signed for. Reads the
 * user, the prompt or digest, the contact and (for an acting link) its markers; writes nothing.
 */
export async function readActionLink(app: App, token: string, now: Date): Promise<LinkCheck> {
  let claims: ActionLinkClaims;
  try {
    claims = verifyActionToken(await app.tokenSecret(), token, now);
  } catch (error) {
    if (error instanceof InvalidActionLinkError)
      return { outcome: 'invalid', reason: error.reason };
    throw error;
  }
  const user = await app.users.get(claims.userId);
  if (!user) return { outcome: 'gone' };
  const { target } = claims;
  let prompt: ThanksPrompt | null = null;
  let email: string | undefined;
  if (target.kind === 'thanks') {
    prompt = await app.prompts.get(user.id, target.promptId);
    email = prompt?.contactEmail;
  } else {
    const digest = await app.digests.get(user.id, target.digestId);
    email = digest?.items.find((i) => i.n === target.item)?.contactEmail;
  }
  if (email === undefined) return { outcome: 'gone' };
  const stored = await app.contacts.get(user.id, email);
  if (!stored) return { outcome: 'gone' };
  const markers = linkMarkers(token, now);
  const done = claims.action !== 'open' && (await app.ledger.seen(user.id, markers));
  const { contact } = stored;
  return {
    outcome: 'ready',
    link: { claims, user, contact: { email: contact.email, name: contact.name }, prompt, markers },
    done,
  };
}

/** The link's page was confirmed (POST): does what the link says, once. */
export async function actOnLink(app: App, token: string, now: Date): Promise<LinkResult> {
  const check = await readActionLink(app, token, now);
  if (check.outcome !== 'ready') return check;
  const { link } = check;
  const { action } = link.claims;
  if (action === 'open') return { outcome: 'open', link };
  if (check.done) return { outcome: 'already', link };

  // The reply grammar reads the command, as for a reply line or a web form (one rule, two doors).
  const parsed = parseCommandLine(LINK_COMMANDS[action], {
    now,
    timezone: link.user.timezone,
  });
  if ('error' in parsed || !isContactCommand(parsed.command))
    throw new Error(`an action link's command did not parse: ${LINK_COMMANDS[action]}`);
  const command: ContactCommand = parsed.command;
  const applied = await applyContactCommand(app, {
    user: link.user,
    email: link.contact.email,
    command,
    now,
    door: 'link',
    // The same link adds the same interaction, whatever happens to the markers.
    idSeed: `link#${link.markers.s3Key}`,
    prompt: link.prompt,
    markers: link.markers,
  });
  switch (applied.outcome) {
    case 'duplicate':
      return { outcome: 'already', link };
    case 'not-found':
      return { outcome: 'gone' };
    default:
      logger.info('action link applied', {
        userId: link.user.id,
        action,
        outcome: applied.outcome,
      });
      return { outcome: 'applied', link, message: applied.message };
  }
}
