import type { LocalServiceEndpoints } from '../../local/services';

/** What tests/support/global-setup.ts provides to every test file. */
export interface ProvidedLocalServices {
  endpoints: LocalServiceEndpoints;
  /** AWS_ENDPOINT_URL_*, AWS_REGION and dummy credentials for the shared services. */
  env: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localServices: ProvidedLocalServices;
  }
}
