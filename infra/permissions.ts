/**
 * The table operations each function performs, from the adapters in shared/adapters/dynamodb/.
 * Transactions need no action of their own: DynamoDB authorizes each item of a
 * TransactWriteItems as the Put, Update, Delete or ConditionCheck it contains. Neither function
 * scans. When an adapter starts using a new operation, add it here (the infra tests pin these).
 */

/** Ingest and reply handling (ingest-email.ts, handle-reply.ts). */
export const INGEST_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem', // contacts.getMany, ledger.seen
  'dynamodb:BatchWriteItem', // contacts.forget (`forget`), ledger.unmark
  'dynamodb:DeleteItem', // digests.setDue(null) (`digest off`)
  'dynamodb:GetItem', // users.findByAddress, prompts.get, digests.get, contacts.get
  'dynamodb:PutItem', // quarantine.put, users.save, ledger.commit, contacts.applyChange
  'dynamodb:Query', // contacts.forget (its history and prompts)
  'dynamodb:UpdateItem', // ledger.commit (stats, cancelled prompts), contacts.applyChange
] as const;

/**
 * GSI1 for ingest: addressClaims.listByAddress, the claims of an address no user has yet, when
 * it writes to login@ with a code (SPEC 2). Found by the IAM tier (tests/iam/grants.test.ts).
 */
export const INGEST_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** The dispatcher (dispatch.ts), on the table; it also queries GSI1 (DISPATCH_INDEX_ACTIONS). */
export const DISPATCH_TABLE_ACTIONS = [
  // contacts.getMany: a digest's dates (upcomingDates), a meeting's attendees (holdMeeting), a
  // close-the-loop's two contacts. Found missing by the IAM tier (tests/iam/grants.test.ts).
  'dynamodb:BatchGetItem',
  'dynamodb:DeleteItem', // digests.complete, digests.setDue(null)
  'dynamodb:GetItem', // users.get, contacts.get
  'dynamodb:PutItem', // prompts.save, digests.retry, digests.complete
  'dynamodb:Query', // contacts.due (cadence groups), contacts.weekActivity
  'dynamodb:UpdateItem', // dueWork.claim, prompts.save (the contact's copy)
] as const;

/** GSI1: dueWork.query, contacts.due (reconnect index), prompts.sentSince. Never a scan. */
export const DISPATCH_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * The web app (functions/web: sessions.ts, today.ts, search-contacts.ts, contact-details.ts,
 * settings.ts, user-commands.ts, contact-commands.ts, act-on-link.ts), on the table; Today also
 * queries GSI1 (WEB_INDEX_ACTIONS).
 */
export const WEB_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem', // ledger.seen (an action link acted on once)
  'dynamodb:BatchWriteItem', // sessions.deleteAll (sign out everywhere), contacts.forget
  'dynamodb:DeleteItem', // loginLinks.take (a link works once), sessions.delete
  'dynamodb:GetItem', // sessions.get, users.get, contacts.get, prompts.get, digests.get
  'dynamodb:PutItem', // sessions.put, users.save, ledger.commit, contacts.applyChange
  'dynamodb:Query', // contacts.list, listInteractions, listNotes, sessions.deleteAll
  'dynamodb:UpdateItem', // digests.setDue (settings), contacts.applyChange
] as const;

/** GSI1: contacts.due (reconnect index) and prompts.sentSince, for Today. Never a scan. */
export const WEB_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * The SES v2 SendEmail call with raw MIME. Both action names, as aws-cdk-lib's
 * EmailIdentity.grantSendEmail grants them: raw sends are SendRawEmail in the v1 API.
 */
export const SEND_EMAIL_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'] as const;

/**
 * Bounces and complaints (record-delivery-feedback.ts): users.findByAddress and users.get read
 * the address link and the user, users.save writes the user back.
 */
export const FEEDBACK_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/**
 * The receipt rule set activation (functions/activate-rule-set): it reads the active set before
 * deciding, then sets or clears it. Receipt rule set actions have no resource-level permissions.
 */
export const ACTIVATION_ACTIONS = [
  'ses:DescribeActiveReceiptRuleSet',
  'ses:SetActiveReceiptRuleSet',
] as const;
