import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ImportStep } from '../../../shared/use-cases/import-job';
import type { CurrentSession } from '../../../shared/use-cases/sessions';
import { csrfField, page, type Html } from '../views/layout';
import type { WebEnv } from '../web-env';

/**
 * What Settings shows of import and export (SPEC 8): the sections of the Settings page, and the
 * page an import step answers with (its progress, or the form again with what was wrong).
 */

export const IMPORT_PATH = '/settings/import';
export const EXPORT_PATH = '/settings/export.csv';

/**
 * The largest import request. A Lambda function URL takes 6 MB a request and carries a file
 * base64-encoded (4/3 of its size): 4 MB of file and form stays under it. LinkedIn's
 * Connections.csv is about 150 bytes a connection; a .vcf with photos may need exporting without.
 */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
export const MAX_IMPORT_TEXT = `${MAX_IMPORT_BYTES / 1024 / 1024} MB`;
/** Skipped rows listed on the page; the rest are counted. */
const MAX_SKIPPED_SHOWN = 50;

export const FILE_FIELD = 'file';
const FILE_ID = 'import-file';
/** Carried from step to step in hidden fields: where the next starts, and the counts so far. */
export const COUNTS = ['created', 'updated', 'unchanged', 'skipped'] as const;
export type Counts = Record<(typeof COUNTS)[number], number>;

/** The file input, with its hint and, after a refused upload, its error, both read out with it. */
function fileField(label: string, error?: string): Html {
  const described = `${FILE_ID}-hint${error ? ` ${FILE_ID}-error` : ''}`;
  return html`<div class="field">
    <label for="${FILE_ID}">${label}</label>
    ${error ? html`<span class="flash error" id="${FILE_ID}-error">${error}</span>` : ''}
    <input
      type="file"
      id="${FILE_ID}"
      name="${FILE_FIELD}"
      accept=".csv,.vcf,text/csv,text/vcard"
      required
      aria-describedby="${described}"
      ${error ? html`aria-invalid="true"` : ''}
    />
    <span class="hint" id="${FILE_ID}-hint"
      >LinkedIn's Connections.csv or a .vcf file, up to ${MAX_IMPORT_TEXT}</span
    >
  </div>`;
}

/** The import and export sections of Settings. */
export function importExportSections(session: CurrentSession): Html {
  return html`<h2 id="import">Import contacts</h2>
    <p>
      From LinkedIn (Settings, Data privacy, Get a copy of your data, Connections) or an address
      book (.vcf). Tend adds what it does not know and never overwrites what email taught it;
      importing the same file again changes nothing.
    </p>
    ${importForm(session, 'File to import', 'Import')}

    <h2 id="export">Export</h2>
    <p>
      <a href="${EXPORT_PATH}" download>Download your contacts as CSV</a>, the columns of
      <code>tend export csv</code>.
    </p>`;
}

function importForm(
  session: CurrentSession,
  label: string,
  button: string,
  error?: string,
  carry: Html = html``,
): Html {
  return html`<form method="post" action="${IMPORT_PATH}" enctype="multipart/form-data">
    ${csrfField(session)} ${carry} ${fileField(label, error)}
    <button type="submit">${button}</button>
  </form>`;
}

export type ImportOutcome =
  { error: string } | { step: ImportStep; name: string; fingerprint: string; counts: Counts };

/** The answer to an import request: its progress and counts, or the form again with the error. */
export function importPage(
  c: Context<WebEnv>,
  session: CurrentSession,
  status: 200 | 413 | 422,
  outcome: ImportOutcome,
) {
  c.header('Cache-Control', 'no-store');
  c.status(status);
  const body =
    'error' in outcome
      ? html`<h1>Import contacts</h1>
          ${importForm(session, 'File to import', 'Import', outcome.error)}
          <p><a href="/settings">Back to Settings</a></p>`
      : progress(session, outcome);
  return c.html(
    page({ title: 'Import contacts', session, section: 'settings', subpage: true, body }),
  );
}

function progress(session: CurrentSession, o: Extract<ImportOutcome, { step: ImportStep }>): Html {
  const { step, counts } = o;
  const finished = step.next >= step.total;
  const skipped = step.report.skipped;
  const carry = html`<input type="hidden" name="from" value="${step.next}" />
    <input type="hidden" name="fingerprint" value="${o.fingerprint}" />
    ${COUNTS.map((k) => html`<input type="hidden" name="${k}" value="${counts[k]}" />`)}`;
  return html`<h1>Import contacts</h1>
    <p role="status" id="import-progress">
      ${finished ? 'Done: imported' : 'Imported'} ${step.next} of ${step.total}
      ${step.total === 1 ? 'person' : 'people'} from ${o.name}.
    </p>
    <progress
      max="${Math.max(step.total, 1)}"
      value="${step.next}"
      aria-labelledby="import-progress"
    >
      ${step.next} of ${step.total}
    </progress>
    <dl class="facts">
      <dt>New contacts</dt>
      <dd>${counts.created}</dd>
      <dt>Updated</dt>
      <dd>${counts.updated}</dd>
      <dt>Already up to date</dt>
      <dd>${counts.unchanged}</dd>
      <dt>Skipped</dt>
      <dd>${counts.skipped}</dd>
    </dl>
    ${
      skipped.length
        ? html`<h2>Skipped, and why</h2>
            <ul>
              ${skipped.slice(0, MAX_SKIPPED_SHOWN).map((s) => html`<li>${s.where}: ${s.problem}</li>`)}
            </ul>
            ${
              skipped.length > MAX_SKIPPED_SHOWN
                ? html`<p>… and ${skipped.length - MAX_SKIPPED_SHOWN} more.</p>`
                : ''
            }`
        : ''
    }
    ${
      finished
        ? html`<p>
            <a href="/contacts">See your contacts</a> · <a href="/settings">Back to Settings</a>
          </p>`
        : html`<h2>Import the rest</h2>
            <p>
              Tend imports a large file in steps. Choose ${o.name} again and press Continue: it
              starts where this step stopped, and nothing is imported twice.
            </p>
            ${importForm(session, `Choose ${o.name} again`, 'Continue', undefined, carry)}`
    }`;
}
