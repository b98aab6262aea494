import { App } from 'aws-cdk-lib';
import { DeployConfigError } from './config';
import { buildTendApp } from './tend-app';

// `npx cdk synth|deploy --all -c inboundDomain=… -c fromAddress=…` (README, "Deploy to AWS").
const app = new App();
try {
  buildTendApp(app);
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
