import type { App } from '../../shared/app';

/**
 * Keeps a copy of every raw message the real SES mailer sends, then sends it as before: local SES
 * keeps the parsed parts of a raw email, not its header fields (aws-ses-v2-local, v2 sendEmail).
 * Nothing is faked: the message still goes through the SES adapter to local SES.
 */
export function recordRaw(app: Pick<App, 'mailer'>): Array<{ to: string; raw: Buffer }> {
  const sent: Array<{ to: string; raw: Buffer }> = [];
  const send = app.mailer.sendRaw.bind(app.mailer);
  app.mailer.sendRaw = async (args) => {
    const out = await send(args);
    sent.push({ to: args.to, raw: args.raw });
    return out;
  };
  return sent;
}

/** One header field of a raw message, unfolded (RFC 5322 section 2.2.3); undefined if absent. */
export function headerField(raw: Buffer, name: string): string | undefined {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  const wanted = `${name.toLowerCase()}:`;
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(wanted));
  return line?.slice(wanted.length).trim();
}
