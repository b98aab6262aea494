import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../../shared/app';
import type { ImportReport } from '../../../shared/use-cases/import-contacts';
import { sessionForm, signedIn } from '../guards';
import type { WebEnv } from '../web-env';
import {
  COUNTS,
  type Counts,
  EXPORT_PATH,
  FILE_FIELD,
  IMPORT_PATH,
  importPage,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_TEXT,
} from './settings-import-page';

export { IMPORT_PATH } from './settings-import-page';

/** How long one step imports on Lambda before answering: the web function times out at 30 s
 * (infra/stateless-stack.ts); the rest is for reading the file (about 4 s for 4 MB) and rendering. */
const STEP_BUDGET_MS = 20_000;
/** On Lambda a step also ends this long before the invocation's own deadline (a cold start, a
 * shorter timeout): a batch takes a few seconds at most on DynamoDB. */
const LAMBDA_MARGIN_MS = 8_000;
/** Under Node (`npm start`) nothing times out, but DynamoDB Local writes about 25 contacts a
 * second: a step of a minute (some 1,500 connections) keeps well inside a browser's patience. */
const NODE_STEP_BUDGET_MS = 60_000;

/**
 * SPEC 8 Settings: import (LinkedIn, vCard, with progress) and export, the use cases of `tend
 * import linkedin|vcard` and `tend export csv`. An import runs in steps (stepDeadline):
 * each step answers "Imported N of M" and, until all are in, a Continue form that takes the same
 * file again and starts where the last step stopped. Without stored state between steps a step
 * needs the file; a step repeated (a retry, the back button) writes nothing twice.
 */
export function settingsImportRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.get(EXPORT_PATH, signedIn, async (c) => {
    const { user } = c.var.session!;
    // Loaded on first use, like the import's parsers below: no page needs them at a cold start.
    const { exportContactsCsv } = await import('../../../shared/use-cases/contact-export');
    const { csv } = await exportContactsCsv(app.contacts, user);
    const day = app.clock.now().toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tend-contacts-${day}.csv"`,
      'Cache-Control': 'no-store',
    });
  });

  routes.post(
    IMPORT_PATH,
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: (c) => {
        const session = c.var.session;
        if (!session) throw new HTTPException(403);
        return importPage(c, session, 413, {
          error: `That file is larger than ${MAX_IMPORT_TEXT}, more than Tend takes at once. Split it, or export the address book without photos.`,
        });
      },
    }),
    async (c) => {
      const { session, form } = await sessionForm(c);
      const { user } = session;
      const file = (await c.req.parseBody())[FILE_FIELD];
      if (!(file instanceof File) || file.size === 0)
        return importPage(c, session, 422, { error: 'Choose a file to import.' });
      const now = app.clock.now();
      const [{ ImportFormatError }, { importStep, readImportFile }] = await Promise.all([
        import('../../../shared/use-cases/import-contacts'),
        import('../../../shared/use-cases/import-job'),
      ]);
      let read;
      try {
        read = readImportFile(Buffer.from(await file.arrayBuffer()), {
          now,
          timezone: user.timezone,
        });
      } catch (error) {
        if (!(error instanceof ImportFormatError)) throw error;
        return importPage(c, session, 422, { error: `Nothing was imported: ${error.message}.` });
      }
      // A Continue with another file (or none before) starts that file from the top.
      const same = form.fingerprint === read.fingerprint;
      const from = same ? count(form.from) : 0;
      const before = same ? countsOf(form) : { created: 0, updated: 0, unchanged: 0, skipped: 0 };
      const stopAt = stepDeadline(c);
      const step = await importStep(app.contacts, user, read, now, {
        from,
        stop: () => Date.now() >= stopAt,
      });
      return importPage(c, session, 200, {
        step,
        name: file.name,
        fingerprint: read.fingerprint,
        counts: added(before, step.report),
      });
    },
  );

  return routes;
}

/** When this step stops starting batches (epoch ms). */
function stepDeadline(c: Context<WebEnv>): number {
  const started = Date.now();
  // hono/aws-lambda passes the invocation's context as c.env; under Node there is none.
  const lambda = (c.env as { lambdaContext?: { getRemainingTimeInMillis?: () => number } })
    ?.lambdaContext;
  const remaining = lambda?.getRemainingTimeInMillis?.();
  if (remaining === undefined) return started + NODE_STEP_BUDGET_MS;
  return started + Math.min(STEP_BUDGET_MS, remaining - LAMBDA_MARGIN_MS);
}

function count(value: string | undefined): number {
  return /^\d{1,9}$/.test(value ?? '') ? Number(value) : 0;
}

function countsOf(form: Record<string, string>): Counts {
  return Object.fromEntries(COUNTS.map((k) => [k, count(form[k])])) as Counts;
}

function added(a: Counts, r: ImportReport): Counts {
  return {
    created: a.created + r.created,
    updated: a.updated + r.updated,
    unchanged: a.unchanged + r.unchanged,
    skipped: a.skipped + r.skipped.length,
  };
}
