import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger. Messages short and lowercase; data in the second argument. */
export const logger = new Logger({ serviceName: 'tend' });

/** What a log line may say about an address: its domain and a short hash, never the address. */
export function redact(address: string | null | undefined): string {
  if (!address) return 'none';
  const at = address.lastIndexOf('@');
  const hash = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 10);
  return `${hash}@${at >= 0 ? address.slice(at + 1).toLowerCase() : '?'}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
