import type { Resolver } from 'node:dns/promises';
import type { MxRecord } from '../../domain/doctor/facts';
import type { MxLookup } from '../../ports/deployment-probes';

/** What the resolver answers for a name without MX records, or no such name
 * (https://nodejs.org/api/dns.html#error-codes). */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND']);

/** MX records through Node's resolver (the system's DNS servers, as a mail server would ask). */
export class DnsMxLookup implements MxLookup {
  constructor(private readonly resolver: Pick<Resolver, 'resolveMx'>) {}

  async mx(domain: string): Promise<MxRecord[]> {
    try {
      return (await this.resolver.resolveMx(domain)).map(({ exchange, priority }) => ({
        exchange,
        priority,
      }));
    } catch (error) {
      if (NO_RECORDS.has((error as NodeJS.ErrnoException).code ?? '')) return [];
      throw error;
    }
  }
}
