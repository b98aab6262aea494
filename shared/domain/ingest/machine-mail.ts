/**
 * SPEC 2.3: mail written by machines (auto-replies, bounces, lists) is dropped silently.
 * This is what keeps Tend out of mail loops with auto-responders.
 */

const MACHINE_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const MACHINE_LOCAL_PARTS = new Set(['mailer-daemon', 'postmaster']);

/** Returns why the message is machine mail, or null for mail a person wrote. */
export function machineMailReason(
  headers: Map<string, string>,
  fromAddress: string | null,
  envelopeSender: string | null,
): string | null {
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (headers.has('x-autoreply')) return 'x-autoreply';
  if (headers.has('x-autorespond')) return 'x-autorespond';
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  if (precedence && MACHINE_PRECEDENCE.has(precedence)) return `precedence-${precedence}`;
  for (const address of [fromAddress, envelopeSender]) {
    const local = address?.slice(0, address.lastIndexOf('@')).toLowerCase();
    if (local && MACHINE_LOCAL_PARTS.has(local)) return 'mailer-daemon';
  }
  const returnPath = headers.get('return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath.trim())) return 'empty-return-path';
  if (envelopeSender !== null && envelopeSender.trim() === '') return 'empty-return-path';
  const contentType = headers.get('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery-report';
  return null;
}
