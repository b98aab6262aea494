import { parseCommandLine } from '../../shared/domain/commands';
import type { ContactQuery } from '../../shared/domain/contact-search';
import type { User } from '../../shared/domain/types';
import { applyContactCommand } from '../../shared/use-cases/contact-commands';
import type { Harness } from './tend-harness';

/** A Contacts page query: the page's defaults (every contact, by last contact, page 1), then `over`. */
export function contactQuery(over: Partial<ContactQuery> = {}): ContactQuery {
  return {
    text: '',
    tag: null,
    status: null,
    dueOnly: false,
    sort: 'last',
    page: 1,
    ...over,
  };
}

/** A one-line command on a contact, as a reply would give it (`seed`: the reply's identity). */
export async function runContactCommand(
  h: Harness,
  user: User,
  email: string,
  line: string,
  seed: string,
): Promise<void> {
  const parsed = parseCommandLine(line, { now: h.now(), timezone: user.timezone });
  if ('error' in parsed) throw new Error(parsed.error);
  await applyContactCommand(h.app, {
    user,
    email,
    command: parsed.command as never,
    now: h.now(),
    door: 'reply',
    idSeed: seed,
  });
}
