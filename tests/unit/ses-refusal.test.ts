import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { accountRefusal } from '../../shared/adapters/ses/ses-mailer';
import { SesSendingLimits } from '../../shared/adapters/ses/ses-sending-limits';

function sdkError(name: string, message: string, status?: number): Error {
  const error = new Error(message);
  error.name = name;
  if (status !== undefined) Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

describe('accountRefusal: SES errors that defer a send rather than fail it', () => {
  it.each([
    // The two messages SES documents for its throttling error (manage-sending-quotas-errors).
    [
      'the rate',
      sdkError('ThrottlingException', 'Maximum sending rate exceeded.', 400),
      'throttled',
    ],
    [
      'the daily quota',
      sdkError('ThrottlingException', 'Daily message quota exceeded.', 400),
      'quota',
    ],
    [
      'too many requests',
      sdkError('TooManyRequestsException', 'Too many requests', 429),
      'throttled',
    ],
    ['any 429', sdkError('UnknownError', 'slow down', 429), 'throttled'],
    ['a quota limit', sdkError('LimitExceededException', 'limit exceeded', 400), 'quota'],
    ['sending paused', sdkError('SendingPausedException', 'paused', 400), 'paused'],
    [
      'a rejected message: a real failure',
      sdkError('MessageRejected', 'Email address is not verified.', 400),
      null,
    ],
    ['a network error: a real failure', sdkError('Error', 'connect ECONNREFUSED', undefined), null],
    ['not an error at all', 'boom', null],
  ] as const)('%s', (_label, error, expected) => {
    expect(accountRefusal(error)).toBe(expected);
  });
});

// SES has no local engine with an account: GetAccount is answered by aws-sdk-client-mock.
describe('SesSendingLimits', () => {
  it('reads the rate and the quota, an unlimited quota (-1) as null', async () => {
    const ses = mockClient(SESv2Client);
    ses
      .on(GetAccountCommand)
      .resolvesOnce({ SendQuota: { MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 12 } })
      .resolvesOnce({ SendQuota: { MaxSendRate: 100, Max24HourSend: -1, SentLast24Hours: 0 } });
    const limits = new SesSendingLimits(new SESv2Client({ region: 'eu-west-1' }));
    expect(await limits.read()).toEqual({
      maxSendRate: 14,
      max24HourSend: 50_000,
      sentLast24Hours: 12,
    });
    expect(await limits.read()).toEqual({
      maxSendRate: 100,
      max24HourSend: null,
      sentLast24Hours: 0,
    });
    ses.restore();
  });
});
