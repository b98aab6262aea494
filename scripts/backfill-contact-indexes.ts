/**
 * Files every user's contacts in the Contacts page's indexes (gsi2, gsi3: docs/data-model.md),
 * once, on a table whose contacts were written before those indexes existed:
 *   TEND_TARGET=aws npx tsx scripts/backfill-contact-indexes.ts   (deployed: the TEND_* variables
 *                                                                  the CLI takes for TEND_TARGET=aws)
 *   npx tsx scripts/backfill-contact-indexes.ts                   (the local stack)
 * It is `contacts.reindex` for each user: one Query of their contacts, an UpdateItem for each
 * contact whose index keys differ (none the second time), so it is safe to run again.
 * It also files the contacts introductions brought in (`introducedBy`) in the introduction index
 * (SPEC 9, "whom they introduced"): one filtered Query of the user's contacts, a Put each (the
 * same key again the second time). And it files every contact in the word index the Contacts
 * page's search reads (`contacts.indexWords`): for each contact whose item has no `words` (or
 * other ones than its words now), one transaction under its version lock that sets them and
 * puts its word items (none the second time).
 */
import { localEnv } from '../local/env';
import { createApp } from '../shared/app';
import { parseConfig } from '../shared/config';

// The local stack's services unless TEND_TARGET=aws, as the `tend` CLI (functions/cli/run.ts).
const env = localEnv(process.env);
// The SDK clients read their endpoints, region and credentials from process.env.
Object.assign(process.env, env);
const app = createApp(parseConfig(env));
let filed = 0;
let introductions = 0;
let indexed = 0;
const users = await app.users.list();
for (const user of users) {
  filed += await app.contacts.reindex(user);
  // `helpers` with no tags: exactly the contacts an introduction brought in.
  const introduced = await app.contacts.helpers(user.id, []);
  introductions += await app.contacts.fileIntroductions(user.id, introduced);
  indexed += await app.contacts.indexWords(user);
}
process.stdout.write(
  `${users.length} users, ${filed} contacts filed, ${introductions} introductions filed, ` +
    `${indexed} contacts' words indexed\n`,
);
