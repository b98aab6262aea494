import { evaluate, grantKey, type Grant, type IamRequest, type Statement } from './policy';
import { iamRequestsOf, type RequestScope, type Service } from './sdk-requests';

/** A function's role as the tier enforces it, and the grants its flows have used so far. */
export interface RolePolicy {
  /** The function's construct id (`Ingest`, `Dispatch`, `Web`, `FeedbackHandler`). */
  readonly functionId: string;
  readonly statements: readonly Statement[];
  readonly scope: RequestScope;
  /** grantKey → grant, for every pair that allowed at least one request. */
  readonly used: Map<string, Grant>;
}

/**
 * The error AWS answers a refused call with (400, AccessDeniedException; S3 names it
 * AccessDenied, the tier uses one name for all), its message in AWS's words, naming the action
 * and the resource.
 */
export class AccessDeniedException extends Error {
  override name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
  constructor(
    readonly functionId: string,
    readonly request: IamRequest,
    reason: string,
  ) {
    super(
      `User: arn:aws:sts::assumed-role/${functionId}Role is not authorized to perform: ${request.action} on resource: ${request.resource} because ${reason === 'explicit deny' ? 'an explicit deny in an identity-based policy' : 'no identity-based policy allows'} the ${request.action} action`,
    );
  }
}

/** Decides one SDK command's requests; throws for the first refused one, else records the grants. */
export function authorize(
  role: RolePolicy,
  service: Service,
  commandName: string,
  input: Record<string, unknown>,
): void {
  const requests = iamRequestsOf(service, commandName, input, role.scope);
  const allowed: Grant[] = [];
  for (const request of requests) {
    const decision = evaluate(role.statements, request);
    if (!decision.allowed)
      throw new AccessDeniedException(role.functionId, request, decision.reason);
    allowed.push(...decision.grants);
  }
  for (const g of allowed) role.used.set(grantKey(g), g);
}

type Handler = (args: { input: object }) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** Any SDK v3 client: their stacks differ only in their commands' input and output types. */
interface EnforceableClient {
  readonly middlewareStack: {
    add(
      middleware: Middleware,
      options: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

/**
 * Puts a role in front of a client: every command is checked, against the role `roleNow`
 * returns when the command is sent, before it leaves: at the first step and ahead of the
 * request counter (priority high), so a refused call sends nothing and counts nothing, and an
 * allowed one is the same request as before. No role (setup, the CLI): the call is not checked.
 */
export function enforceIam<C extends EnforceableClient>(
  client: C,
  service: Service,
  roleNow: () => RolePolicy | undefined,
): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const role = roleNow();
      if (role)
        authorize(
          role,
          service,
          context.commandName ?? 'unknown',
          args.input as Record<string, unknown>,
        );
      return next(args);
    },
    { step: 'initialize', name: 'enforceIam', priority: 'high' },
  );
  return client;
}
