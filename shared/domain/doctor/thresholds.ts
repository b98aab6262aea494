/** The numbers `tend doctor` judges a deployment by, with where each comes from. */

/**
 * Below this Lambda concurrency quota `tend doctor` warns. Lambda keeps 100 executions
 * unreserved, so an account under 100 cannot reserve any (`-c reservedConcurrency=true` needs
 * 116), and a burst of mail is throttled. New accounts start at 10; the usual default is 1,000
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const MIN_LAMBDA_CONCURRENCY = 100;

/** What `tend doctor` asks for when the concurrency quota is too small: the usual default. */
export const REQUESTED_LAMBDA_CONCURRENCY = 1000;

/**
 * The Service Quotas code of "Concurrent executions" for AWS Lambda
 * (https://docs.aws.amazon.com/general/latest/gr/lambda-service.html#limits_lambda).
 */
export const LAMBDA_CONCURRENCY_QUOTA_CODE = 'L-B99A9384';

/**
 * Emails each user gets on a Monday morning: the weekly digest (SPEC 3, Monday 08:00 by default)
 * and about one prompt (a thank-you or a loop) due in the same hours. Monday is the busiest day,
 * so this is what the daily quota and the send rate must carry.
 */
export const MONDAY_EMAILS_PER_USER = 2;

/**
 * A digest due at 08:00 should arrive by 08:15: three dispatcher runs (every 5 minutes,
 * infra/stateless-stack.ts DISPATCH_INTERVAL). Slower than that at the account's MaxSendRate
 * and the Monday digests arrive late.
 */
export const MONDAY_SPIKE_MAX_SECONDS = 15 * 60;

/** SES v2 SendQuota.Max24HourSend: "A value of -1 signifies an unlimited quota"
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendQuota.html). */
export const UNLIMITED_DAILY_SENDS = -1;

/** A sandboxed SES account sends at most 200 emails a day, 1 a second, to verified addresses
 * only (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html). */
export const SANDBOX_DAILY_SENDS = 200;
