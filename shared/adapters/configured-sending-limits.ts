import type { SendingLimits } from '../ports/sending-limits';

/**
 * A rate given by configuration (TEND_SES_RATE) instead of asked of SES: the local stack and the
 * bench, whose SES engine has no account, and a deploy that wants to stay below its quota. No
 * daily quota: SES's own refusal still defers a send.
 */
export function configuredSendingLimits(ratePerSecond: number): SendingLimits {
  return {
    read: async () => ({ maxSendRate: ratePerSecond, max24HourSend: null, sentLast24Hours: 0 }),
  };
}
