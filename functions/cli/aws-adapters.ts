import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesSuppressionList } from '../../shared/adapters/ses/ses-suppression-list';
import type { SuppressionList } from '../../shared/ports/suppression-list';

/**
 * The adapters only the CLI uses, and only against a deployment: SES's suppression list
 * (`users resume`). Imported on first use, so other commands load none of these SDK clients.
 * Each client takes its region, credentials and endpoint from the AWS environment, as the
 * operator's own `aws` commands do.
 */
export function suppressionList(): SuppressionList {
  return new SesSuppressionList(new SESv2Client({}));
}
