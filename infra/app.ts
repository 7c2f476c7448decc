import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.js';
import { StatefulStack } from './stateful-stack.js';

/**
 * cdk.json's context: the default stage and the feature flags the stacks are built with
 * (every flag aws-cdk-lib recommends for a new app, at the version pinned). `cdk synth`
 * hands it to the app; an app built outside the CLI, as the tests build it, takes it from
 * here, so that both build the same stacks.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/**
 * The Bidwright stacks in one app. Stage, account and region come from context
 * (`-c stage=prod -c account=… -c region=…`), else the CLI's credentials; without either
 * (offline synth, tests) a placeholder environment keeps synth working with no network.
 */
export function createApp(app: App = new App()): {
  app: App;
  stateful: StatefulStack;
  api: ApiStack;
} {
  // Explicit: the API stack takes the table and user pool by strong reference.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const env: Environment = {
    account: app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? '000000000000',
    region: app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-2',
  };
  const stateful = new StatefulStack(app, `Bidwright-${stage}-Stateful`, { env, stage });
  const api = new ApiStack(app, `Bidwright-${stage}-Api`, {
    env,
    table: stateful.table,
    pdfBucketName: stateful.pdfBucketName,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  api.addStackDependency(stateful);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, api };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  createApp().app.synth();
}
