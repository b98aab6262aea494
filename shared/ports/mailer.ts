/** Sends one raw MIME message. Tend only ever sends to its own user. */
export interface Mailer {
  sendRaw(args: { from: string; to: string; raw: Buffer }): Promise<{ messageId: string }>;
}

export class SendFailedError extends Error {
  override name = 'SendFailedError';
}

/**
 * SES refused a send for a reason of the account, not of the message: its sending rate, its
 * daily quota, or sending paused. The send is tried again later and does not count as one of its
 * tries (SPEC 3, scale). Adapters translate their service's errors into it.
 */
export class SendDeferredError extends Error {
  override name = 'SendDeferredError';
  constructor(
    readonly reason: 'throttled' | 'quota' | 'paused',
    options?: { cause?: unknown },
  ) {
    super(`send deferred: ${reason}`, options);
  }
}
