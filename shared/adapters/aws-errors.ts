import { AccessDeniedError } from '../ports/access-denied';

/**
 * How the AWS SDK names a refused call: AccessDeniedException (JSON protocols: SES v2, Lambda)
 * or AccessDenied (query protocols: SES v1, CloudFormation).
 */
const ACCESS_DENIED = /^AccessDenied(Exception)?$/;

function errorName(error: unknown): string {
  const { name, Code } = (error ?? {}) as { name?: unknown; Code?: unknown };
  return `${typeof Code === 'string' ? Code : typeof name === 'string' ? name : ''}`;
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.test(errorName(error));
}

/** SES v2's answer for an identity or a suppressed destination it does not have. */
export function isNotFound(error: unknown): boolean {
  return errorName(error) === 'NotFoundException';
}

/** ERROR as a port sees it: AccessDeniedError naming ACTION when it was a refusal, else as it was. */
export function translated(error: unknown, action: string): unknown {
  return isAccessDenied(error) ? new AccessDeniedError(action, { cause: error }) : error;
}
