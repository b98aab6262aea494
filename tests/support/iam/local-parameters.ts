import { ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';

/**
 * Parameter Store has no local engine, so an SSM client here answers GetParameter in process
 * from `values` (SecureStrings, returned decrypted as WithDecryption asks) and sends nothing.
 * It stands where the service would, behind the IAM check (enforce-iam.ts runs first): the
 * tier still proves the role may read the parameter the flows ask for.
 */
export function localParameters(
  client: SSMClient,
  values: Readonly<Record<string, string>>,
): SSMClient {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as { Name?: string };
      if (context.commandName !== 'GetParameterCommand')
        throw new Error(`local parameters answer GetParameter only, not ${context.commandName}`);
      const value = input.Name === undefined ? undefined : values[input.Name];
      if (value === undefined)
        throw new ParameterNotFound({ message: `no parameter ${input.Name}`, $metadata: {} });
      return {
        output: {
          Parameter: { Name: input.Name, Type: 'SecureString', Value: value },
          $metadata: {},
        },
        response: {},
      } as never;
    },
    { step: 'initialize', name: 'localParameters', priority: 'low' },
  );
  return client;
}
