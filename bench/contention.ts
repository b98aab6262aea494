import nodemailer from 'nodemailer';
import { startInboundSmtp } from '../local/inbound-smtp';
import { receiptOf, sesEventSchema } from '../shared/events/ses-event';
import { ingestDeps } from '../shared/use-cases/ingest-deps';
import { ingestEmail } from '../shared/use-cases/ingest-email';
import { registerUser } from '../shared/use-cases/users';
import { localS3Client } from '../local/services';
import { type Bench, email } from './support';

/**
 * Issue 8's contention scenario on the local stack's own parts: `senders` SMTP clients, each
 * its own session, all sending at once one email to the same `contacts`, through the inbound
 * SMTP stand-in into the ingest use case. Counts refusals (451) and each email's latency.
 */
export async function contention(bench: Bench, options: { senders: number; contacts: number }) {
  const b = await bench.freshApp('contention', '2026-11-26T15:00:00Z');
  const ME = 'busy@bench.example';
  await registerUser(b.app.users, { email: ME, timezone: 'UTC', also: [] }, b.now.t);
  const deps = ingestDeps(b.app);
  const prefix = b.app.config.TEND_INBOUND_PREFIX;
  const smtp = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    domain: 'in.tend.localhost',
    s3: localS3Client(bench.services.endpoints.s3),
    bucket: b.app.config.TEND_BUCKET,
    prefix,
    now: () => b.now.t,
    deliver: async (event) => {
      for (const record of sesEventSchema.parse(event).Records)
        await ingestEmail(deps, receiptOf(record, prefix));
    },
    onError: () => undefined,
  });
  const to = Array.from({ length: options.contacts }, (_, i) => `shared${i}@example.org`);
  try {
    const results = await Promise.allSettled(
      Array.from({ length: options.senders }, async (_, i) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          ignoreTLS: true,
        });
        const started = performance.now();
        try {
          await transport.sendMail({
            envelope: { from: ME, to: ['log@in.tend.localhost'] },
            raw: email(ME, to.join(', '), { subject: `Burst ${i}` }),
          });
          return performance.now() - started;
        } finally {
          transport.close();
        }
      }),
    );
    const times = results
      .flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      .sort((x, y) => x - y);
    const user = (await b.app.users.findByAddress(ME))!;
    const stored = await b.app.contacts.getMany(user.id, to);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    return {
      ...options,
      accepted: times.length,
      refused: results.length - times.length,
      perContact: [...new Set(to.map((e) => stored.get(e)?.contact.interactionCount ?? 0))],
      p50: at(0.5),
      p99: at(0.99),
    };
  } finally {
    await smtp.close();
  }
}
