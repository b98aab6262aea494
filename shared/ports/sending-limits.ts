/**
 * The account's SES sending limits (SES v2 GetAccount's SendQuota): what the dispatcher paces
 * itself to. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendQuota.html
 */
export interface SendQuota {
  /** Messages a second SES accepts from the account. */
  maxSendRate: number;
  /** Messages in any 24 hours; null: unlimited (SES reports -1). */
  max24HourSend: number | null;
  sentLast24Hours: number;
}

export interface SendingLimits {
  read(): Promise<SendQuota>;
}
