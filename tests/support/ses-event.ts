import { readFileSync } from 'node:fs';

const CORPUS_EVENT = new URL(
  '../../../shared/corpus/events/awsdocs/lambda-action-event.json',
  import.meta.url,
);

/** The documented SES Lambda-action event (from the shared corpus), pointed at a stored message. */
export function sesEvent(messageId: string, recipients: string[], verdict = 'PASS') {
  const event = JSON.parse(readFileSync(CORPUS_EVENT, 'utf8'));
  const record = event.Records[0];
  record.ses.mail.messageId = messageId;
  record.ses.mail.destination = recipients;
  record.ses.receipt.recipients = recipients;
  for (const v of ['spfVerdict', 'dkimVerdict', 'dmarcVerdict'])
    record.ses.receipt[v] = { status: verdict };
  return event;
}
