/**
 * SPEC 2.4: role and machine addresses are not people. Logged, they would get a 90-day cadence
 * and fill digests with noreply@ and support@, so they are skipped unless the user tagged the
 * email (`log+TAG@`) or already has them as a contact.
 */

/**
 * Local parts of role and machine addresses, written without separators: `no-reply`,
 * `no_reply` and `no.reply` all read as `noreply`. The SPEC's list (systems that send and do
 * not read, and functions answered by whoever is on duty), plus the mailbox names of RFC 2142
 * and the usual company inboxes.
 */
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  // machines that send and do not read
  'noreply',
  'donotreply',
  'notifications',
  'notification',
  'notify',
  'newsletter',
  'newsletters',
  'news',
  'mailer',
  'mailerdaemon',
  'postmaster',
  'bounce',
  'bounces',
  'updates',
  'alerts',
  'digest',
  'receipts',
  'invoices',
  'orders',
  // functions, not people (RFC 2142 and the usual company inboxes)
  'support',
  'help',
  'helpdesk',
  'info',
  'billing',
  'accounts',
  'sales',
  'team',
  'hello',
  'hi',
  'admin',
  'administrator',
  'webmaster',
  'hostmaster',
  'abuse',
  'security',
  'privacy',
  'legal',
  'press',
  'media',
  'jobs',
  'careers',
  'recruiting',
  'hiring',
  'hr',
  'contact',
  'contactus',
  'enquiries',
  'inquiries',
  'feedback',
  'office',
  'marketing',
  'service',
  'customerservice',
]);

/** Machine senders often number their local parts: `noreply-4711@`, `bounces+x=y@`. */
const MACHINE_PREFIXES = ['noreply', 'donotreply', 'bounce', 'mailerdaemon'];

/** True for `support@…`, `no-reply@…`, `Notifications+abc@…`, `bounces-123@…`. */
export function isRoleAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  const compact = (local.split('+')[0] ?? '').replace(/[-_.]/g, '');
  return ROLE_LOCAL_PARTS.has(compact) || MACHINE_PREFIXES.some((p) => compact.startsWith(p));
}
