/**
 * The credentials in use may not make a call: ACTION is the IAM action they lack (the CLI runs
 * with the operator's own credentials, README "What tend needs"). Adapters throw it for their
 * SDK's AccessDenied errors, so a use case can say which permission to add.
 */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';

  constructor(
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    super(`not allowed to call ${action}`, options);
  }
}
