import { App } from 'aws-cdk-lib';
import { DeployConfigError } from './config';
import { buildTendApp } from './tend-app';

// `npx cdk synth|deploy --all -c inboundDomain=… -c fromAddress=…` (README, "Deploy to AWS").
const app = new App();
try {
  // The CLI resolves the region (--profile, AWS_REGION, the config file) and passes it here.
  buildTendApp(app, { region: process.env.CDK_DEFAULT_REGION });
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
