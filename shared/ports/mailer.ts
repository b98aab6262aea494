/** Sends one raw MIME message. Tend only ever sends to its own user. */
export interface Mailer {
  sendRaw(args: { from: string; to: string; raw: Buffer }): Promise<{ messageId: string }>;
}

export class SendFailedError extends Error {
  override name = 'SendFailedError';
}
