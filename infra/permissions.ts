/**
 * The table operations each function performs, from shared/adapters/dynamodb/dynamodb-store.ts.
 * Transactions need no action of their own: DynamoDB authorizes each item of a
 * TransactWriteItems as the Put, Update or Delete it contains. Neither function scans.
 * When the store starts using a new operation, add it here (the infra tests pin these lists).
 */

/** Ingest and reply handling (ingest-email.ts, handle-reply.ts). */
export const INGEST_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem', // getContacts
  'dynamodb:BatchWriteItem', // deleteContactAndHistory (`forget`)
  'dynamodb:DeleteItem', // setDigestDue(null) (`digest off`)
  'dynamodb:GetItem', // findUserByAddress, alreadyIngested, getPrompt, getDigest, getContact
  'dynamodb:PutItem', // putQuarantine, saveUser, commitIngest, applyContactChange, putMarkers
  'dynamodb:Query', // listInteractions, listNotes, listPromptsFor (`forget`)
  'dynamodb:UpdateItem', // commitIngest, applyContactChange
] as const;

/** The dispatcher (dispatch.ts), on the table; it also queries the due index (DISPATCH_INDEX_ACTIONS). */
export const DISPATCH_TABLE_ACTIONS = [
  'dynamodb:DeleteItem', // completeDigest, setDigestDue(null)
  'dynamodb:GetItem', // getUser, getPrompt, getContact, getScheduleSlot
  'dynamodb:PutItem', // putPrompt, markPromptAttemptFailed, digestAttemptFailed, completeDigest
  'dynamodb:Query', // listContacts, listPrompts, listInteractions, countInteractionsSince
  'dynamodb:UpdateItem', // claim, clearPendingThanks, markPromptSent
] as const;

/** queryDue: the sharded due-time index, never a scan. */
export const DISPATCH_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * The SES v2 SendEmail call with raw MIME. Both action names, as aws-cdk-lib's
 * EmailIdentity.grantSendEmail grants them: raw sends are SendRawEmail in the v1 API.
 */
export const SEND_EMAIL_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'] as const;
