import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { receiptOf, sesEventSchema } from '../../shared/events/ses-event';
import { logger } from '../../shared/logger';
import { ingestEmail, type IngestOutcome } from '../../shared/use-cases/ingest-email';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';

const app = createApp(config());
const deps = ingestDeps(app);

/**
 * SES receipt rule, Lambda action (after the S3 action stored the raw message).
 * Bad mail becomes a quarantine record; infrastructure failures throw so Lambda retries.
 */
export async function handler(event: unknown): Promise<IngestOutcome[]> {
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
}
