import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../../ports/stores';
import { DynamoAddressClaimStore } from './dynamodb-address-claim-store';
import { DynamoContactStore } from './dynamodb-contact-store';
import { DynamoDigestStore } from './dynamodb-digest-store';
import { DynamoDueWork } from './dynamodb-due-work';
import { DynamoIngestLedger } from './dynamodb-ingest-ledger';
import { DynamoMeetingStore } from './dynamodb-meeting-store';
import { DynamoNewsStore } from './dynamodb-news-store';
import { DynamoLoginLinkStore } from './dynamodb-login-link-store';
import { DynamoPromptStore } from './dynamodb-prompt-store';
import { DynamoQuarantineStore } from './dynamodb-quarantine-store';
import { DynamoSessionStore } from './dynamodb-session-store';
import { DynamoUserStore } from './dynamodb-user-store';
import { Table } from './table';

/** Every store port, on one DynamoDB table. */
export function dynamoStores(client: DynamoDBClient, tableName: string): Stores {
  const table = new Table(client, tableName);
  return {
    users: new DynamoUserStore(table),
    contacts: new DynamoContactStore(table),
    prompts: new DynamoPromptStore(table),
    digests: new DynamoDigestStore(table),
    dueWork: new DynamoDueWork(table),
    ledger: new DynamoIngestLedger(table),
    quarantine: new DynamoQuarantineStore(table),
    meetings: new DynamoMeetingStore(table),
    loginLinks: new DynamoLoginLinkStore(table),
    sessions: new DynamoSessionStore(table),
    addressClaims: new DynamoAddressClaimStore(table),
    news: new DynamoNewsStore(table),
  };
}
