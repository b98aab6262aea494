import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { dispatch, type DispatchReport } from '../../shared/use-cases/dispatch';

const app = createApp(config());

/** EventBridge schedule (every 5 minutes): sends due thank-you prompts and digests. */
export async function handler(): Promise<DispatchReport> {
  return dispatch(app);
}
