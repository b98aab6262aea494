import { count } from '../count';
import type { Known, SuppressionFacts } from './facts';
import { type Finding, unknownFinding } from './finding';

/**
 * SES's account-level suppression list: SES accepts a send to an address on it and never
 * delivers it (https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html).
 */
export function checkSuppressedUsers(fact: Known<SuppressionFacts>): Finding {
  const id = 'suppressed-users';
  if (!fact.known) return unknownFinding(id, fact);
  const { suppressed, checked, users } = fact.value;
  if (suppressed.length > 0)
    return {
      id,
      status: 'fail',
      found: `SES's suppression list holds ${count(suppressed.length, 'user')}: ${suppressed
        .map((s) => `${s.email} (${s.reason}${s.since ? ` since ${s.since.slice(0, 10)}` : ''})`)
        .join(', ')}; SES drops Tend's mail to them`,
      fix: suppressed.map((s) => `tend users resume ${s.email}`).join('; '),
    };
  if (users === 0) return { id, status: 'ok', found: 'no users yet: nobody to look up', fix: null };
  if (checked < users)
    return {
      id,
      status: 'warn',
      found: `none of the first ${checked} of ${count(users, 'user')} is on SES's suppression list; the others were not looked up`,
      fix: 'aws sesv2 list-suppressed-destinations lists the whole list',
    };
  return {
    id,
    status: 'ok',
    found: `no user is on SES's suppression list (${count(users, 'user')} looked up)`,
    fix: null,
  };
}
