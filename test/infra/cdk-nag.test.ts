import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthStacks } from './synth-stacks.ts';

/**
 * cdk-nag 3 is a policy-validation plugin, not an Aspect: its findings never become
 * annotations, so `Annotations.fromStack(...).findError` would always be empty. `validateScope`
 * runs the same checks `cdk synth` runs (after synthesis, so references read as they deploy)
 * and returns every unacknowledged finding, errors and warnings alike.
 */
function unacknowledgedFindings(scope: IConstruct): string[] {
  const { violations } = new AwsSolutionsChecks().validateScope(scope);
  return violations.map(
    (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
}

/** Every `Validations.of(...).acknowledge(...)` under a scope. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

/** The findings the team reviewed; a new acknowledgement must be added here on purpose. */
const reviewedFindings = [
  'AwsSolutions-L1',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-APIG4',
  'AwsSolutions-SMG4',
];

describe.each(['dev', 'prod'] as const)('AwsSolutions checks, %s', (stage) => {
  const { app, stateful, stateless } = synthStacks(stage);

  it.each([
    ['stateful', stateful],
    ['stateless', stateless],
  ] as const)('the %s stack has no unacknowledged error or warning', (_, stack) => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });

  it('acknowledges only reviewed findings, each by its exact id and with a specific reason', () => {
    const found = acknowledgements(app);
    expect(new Set(found.map(({ id }) => id))).toEqual(new Set(reviewedFindings));
    for (const { path, reason } of found) expect(reason.length, path).toBeGreaterThan(80);
  });
});
