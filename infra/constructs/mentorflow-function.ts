import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IGrantable, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../manifest.ts';
import { LAMBDA_RUNTIME, lambdaBundling } from './bundling.ts';

/** Manifest entries and the lock file are paths from the repository root, wherever cdk runs from. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface MentorflowFunctionProps {
  spec: FunctionSpec;
  /** Variables every function gets (service name, log level, public base URL). */
  environment: Record<string, string>;
  /** What happens to the log group when the stack goes: RETAIN in prod, DESTROY in dev. */
  removalPolicy: RemovalPolicy;
}

/**
 * One manifest entry as a Lambda function, with every default mentorflow's functions share.
 * Access is added with `bind`, which sets the environment variable and the grant together.
 */
export class MentorflowFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { spec, environment, removalPolicy }: MentorflowFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', {
      // Long enough to investigate an incident, short because logs can hold participants' addresses.
      retention: RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, which may write to every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `mentorflow ${spec.name}`,
    });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      // The handlers run on Node 20 in CI; 22 is the nearest Lambda runtime (see acknowledgement below).
      runtime: LAMBDA_RUNTIME,
      // Graviton: cheaper per GB-second, and nothing here is x86-only.
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      // The explicit group above, so retention is set without a log-retention custom resource.
      logGroup,
      // Traces show which AWS call a slow job or a failed send waited on.
      tracing: Tracing.ACTIVE,
      // Bundle from the root lock file: what is tested locally is what deploys.
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      projectRoot: repoRoot,
      environment: {
        // Stack traces point at the TypeScript sources through the bundled source maps.
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      // Shared with the bundle-size benchmark (bench/run.ts), so it measures what deploys.
      bundling: lambdaBundling,
    });

    // Any error is worth a look: the jobs reconcile, so errors repeat until someone fixes the cause.
    new Alarm(this, 'Errors', {
      alarmDescription: `${spec.name} reported errors.`,
      metric: this.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime mentorflow is pinned to: the code must also run on Node 20 in CI and locally, and moving to Node 24 is a deliberate upgrade, not a default.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only the statement CDK adds for active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray has no resource-level permissions, so its resource must be "*".',
      },
    );
  }

  /**
   * Gives the function access to one thing: its environment variables and its grant come
   * together, so a function can never hold a name without the permission or the reverse.
   */
  bind(variables: Record<string, string>, grant: (grantee: IGrantable) => unknown): void {
    for (const [name, value] of Object.entries(variables)) this.function.addEnvironment(name, value);
    grant(this.function);
  }
}
