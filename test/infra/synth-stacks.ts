import { App, CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type Stage, StatefulStack } from '#infra/stacks/stateful-stack.ts';
import { StatelessStack } from '#infra/stacks/stateless-stack.ts';

export const mail = { from: 'mentoring@example.org', identity: 'example.org' };

/**
 * Both stacks as `infra/app.ts` builds them, without running esbuild: an empty
 * `aws:cdk:bundling-stacks` makes NodejsFunction skip bundling (the assets get a placeholder hash).
 */
export function synthStacks(stage: Stage) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stateful = new StatefulStack(app, 'Stateful', { stage });
  const stateless = new StatelessStack(app, 'Stateless', { stage, stateful, mail });
  return {
    app,
    stateful,
    stateless,
    statefulTemplate: Template.fromStack(stateful),
    statelessTemplate: Template.fromStack(stateless),
  };
}

/** The logical id a construct's CloudFormation resource has in its stack's template. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource))
    throw new Error(`${construct.node.path} has no CloudFormation resource.`);
  return stack.resolve(stack.getLogicalId(resource));
}

/** A `{ "Fn::GetAtt": [id, "Arn"] }`, the way templates refer to a resource in the same stack. */
export const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
