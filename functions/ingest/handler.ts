import { s3RawMailStore } from '../../shared/adapters/s3/s3-raw-mail-store';
import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { receiptOf, sesEventSchema } from '../../shared/events/ses-event';
import { logger, redactingErrors } from '../../shared/logger';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail, type IngestOutcome } from '../../shared/use-cases/ingest-email';

// Every email is read from S3, so its client loads with the function; SES and SSM load on the
// first email that needs them (shared/app.ts), and so do the reply path's use cases
// (shared/use-cases/ingest-deps.ts).
const settings = config();
const app = createApp(settings, { rawMail: s3RawMailStore(settings.TEND_BUCKET) });

const deps = ingestDeps(app);

/**
 * SES receipt rule, Lambda action (after the S3 action stored the raw message).
 * Bad mail becomes a quarantine record; infrastructure failures throw so Lambda retries.
 */
export const handler = redactingErrors(async (event: unknown): Promise<IngestOutcome[]> => {
  const parsed = sesEventSchema.safeParse(event);
  if (!parsed.success) {
    // Not an SES event at all: nothing to quarantine (there is no S3 key), and retrying won't help.
    logger.error('not an ses receipt event', { issues: parsed.error.issues.slice(0, 5) });
    return [];
  }
  const outcomes: IngestOutcome[] = [];
  for (const record of parsed.data.Records) {
    outcomes.push(await ingestEmail(deps, receiptOf(record, app.config.TEND_INBOUND_PREFIX)));
  }
  return outcomes;
});
