/**
 * SES bounce and complaint messages in the shapes the SES developer guide documents
 * ("Amazon SNS notification contents" and "Event publishing" examples), trimmed to the fields
 * that matter plus some that do not: SES adds fields, the parser must not mind.
 */
export const mail = {
  timestamp: '2026-11-27T10:01:00.000Z',
  source: 'tend@in.tend.example',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/in.tend.example',
  sendingAccountId: '123456789012',
  messageId: '0102015fd91a5ca3-93c245fe-e333-46ae-8fed-96160d20cfab-000000',
  destination: ['me@example.com'],
  headersTruncated: false,
};

export const permanentBounce = {
  notificationType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      {
        emailAddress: 'me@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      },
    ],
    timestamp: '2026-11-27T10:01:02.477Z',
    feedbackId: '0102015fd91a6479-ae22395c-1f7d-4423-a9e5-e0715bffc731-000000',
    remoteMtaIp: '192.0.2.1',
    reportingMTA: 'dsn; a4-8.smtp-out.eu-west-1.amazonses.com',
  },
  mail,
};

export const complaintEvent = {
  eventType: 'Complaint',
  complaint: {
    feedbackId: '0102015fd9bd52b2-67e0e1e6-52d9-4a5d-9cc1-4a7d2e53a1c3-000000',
    complaintSubType: null,
    complainedRecipients: [{ emailAddress: 'Me Myself <Me@Example.com>' }],
    timestamp: '2026-11-28T08:00:00.000Z',
    userAgent: 'Mozilla/5.0',
    complaintFeedbackType: 'abuse',
    arrivalDate: '2026-11-28T07:59:00.000Z',
  },
  mail,
};
