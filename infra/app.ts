/**
 * The CDK app: `cdk synth -c stage=prod -c mailFrom=mentoring@example.org`.
 * Context: `stage` (dev | prod, default dev; prod retains data and turns on deletion
 * protection), `mailFrom` (the From address), `mailIdentity` (the verified SES identity it
 * sends through; default: the address's domain).
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type Stage, StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

const app = new App();

const stage: unknown = app.node.tryGetContext('stage') ?? 'dev';
if (stage !== 'dev' && stage !== 'prod')
  throw new Error(`Context stage must be dev or prod, not ${String(stage)}.`);
const mailFrom: string = app.node.tryGetContext('mailFrom') ?? 'mentorflow@example.org';
const mailDomain = mailFrom.split('@')[1];
if (!mailDomain) throw new Error(`Context mailFrom must be an email address, not ${mailFrom}.`);
const mailIdentity: string = app.node.tryGetContext('mailIdentity') ?? mailDomain;

// Unset offline, so the templates stay environment-agnostic; set by the CLI when deploying.
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
const stageName: Stage = stage;
const stateful = new StatefulStack(app, `mentorflow-${stageName}-stateful`, { stage: stageName, env });
new StatelessStack(app, `mentorflow-${stageName}-stateless`, {
  stage: stageName,
  env,
  stateful,
  mail: { from: mailFrom, identity: mailIdentity },
});

Tags.of(app).add('project', 'mentorflow');
Tags.of(app).add('stage', stageName);
// Synthesis fails on any AwsSolutions finding that is not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
