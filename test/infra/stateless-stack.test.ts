import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ENV, functions, type QueueName, queues, queueUrlEnv, type Trigger } from '#infra/manifest.ts';
import { arnOf, logicalId, mail, synthStacks } from './synth-stacks.ts';

const { stateful, stateless: stack, statefulTemplate, statelessTemplate: template } = synthStacks('dev');

const byName = functions.map((spec) => [spec.name, spec] as const);
const triggersOf = <K extends Trigger['kind']>(kind: K) =>
  functions.flatMap((spec) =>
    spec.triggers
      .filter((trigger): trigger is Extract<Trigger, { kind: K }> => trigger.kind === kind)
      .map((trigger) => ({ spec, trigger })),
  );
const routes = triggersOf('http').flatMap(({ spec, trigger }) =>
  trigger.routes.map((route) => ({ spec, route })),
);

function functionId(name: string): string {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`No function ${name} in the stateless stack.`);
  return logicalId(stack, fn.function);
}

function queueOf(name: QueueName): Queue {
  const queue = stack.queues.get(name);
  if (!queue) throw new Error(`No ${name} queue in the stateless stack.`);
  return queue;
}

function resource(type: string, id: string): { Properties: Record<string, unknown> } {
  const found = template.findResources(type)[id];
  if (!found) throw new Error(`No ${type} ${id}.`);
  return found as { Properties: Record<string, unknown> };
}

function variablesOf(name: string): Record<string, unknown> {
  const environment = resource('AWS::Lambda::Function', functionId(name)).Properties.Environment as
    | { Variables: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const allStatements = (of: Template): Statement[] =>
  Object.values(of.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );

/** Every IAM statement attached to a function's role. */
function statementsOf(name: string): Statement[] {
  const role = stack.functions.get(name)?.function.role;
  if (!role) throw new Error(`${name} has no role.`);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: logicalId(stack, role) }]) },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
const actionsOf = (name: string) => statementsOf(name).flatMap((statement) => asList(statement.Action));

describe('functions', () => {
  it('has one Lambda function per manifest entry and no other', () => {
    template.resourceCountIs('AWS::Lambda::Function', functions.length);
  });

  it.each(byName)(
    '%s runs on Node 22 or newer, on arm64, with its own log group and tracing',
    (name, spec) => {
      const properties = resource('AWS::Lambda::Function', functionId(name)).Properties;
      expect(properties).toMatchObject({
        Architectures: ['arm64'],
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      const nodeMajor = Number(/^nodejs(\d+)\.x$/.exec(String(properties.Runtime))?.[1]);
      expect(nodeMajor).toBeGreaterThanOrEqual(22);
    },
  );

  it.each(byName)('%s has an alarm on its errors', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
    });
  });

  it.each(byName)('%s knows the API URL and the Powertools settings', (name) => {
    const variables = variablesOf(name);
    expect(JSON.stringify(variables[ENV.publicBaseUrl])).toContain(
      logicalId(stack, stack.node.findChild('Api')),
    );
    expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'mentorflow', POWERTOOLS_LOG_LEVEL: 'INFO' });
  });
});

describe('the HTTP API', () => {
  const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
  const [authorizerId] = Object.keys(authorizers);

  it('checks Cognito JWTs issued to the app client', () => {
    expect(Object.keys(authorizers)).toHaveLength(1);
    const { JwtConfiguration, AuthorizerType } = resource('AWS::ApiGatewayV2::Authorizer', authorizerId ?? '')
      .Properties as { AuthorizerType: string; JwtConfiguration: { Issuer: unknown; Audience: unknown[] } };
    expect(AuthorizerType).toBe('JWT');
    expect(JSON.stringify(JwtConfiguration.Issuer)).toMatch(/"https:\/\/cognito-idp\."/);
    expect(JSON.stringify(JwtConfiguration.Issuer)).toContain(logicalId(stateful, stateful.userPool));
    expect(JwtConfiguration.Audience).toHaveLength(1);
    expect(JSON.stringify(JwtConfiguration.Audience)).toContain(logicalId(stateful, stateful.userPoolClient));
  });

  it('throttles and access-logs its default stage without logging paths (they hold signed links)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.not(Match.stringLikeRegexp('context.path')),
      },
    });
  });

  it('has exactly the routes of the manifest', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
  });

  it.each(routes.map(({ spec, route }) => [route.method, route.path, spec.name, route.auth] as const))(
    '%s %s goes to %s (%s)',
    (method, path, name, auth) => {
      const found = template.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { RouteKey: `${method} ${path}` },
      });
      const [route] = Object.values(found) as { Properties: Record<string, unknown> }[];
      expect(route?.Properties).toMatchObject(
        auth === 'public'
          ? { AuthorizationType: 'NONE' }
          : { AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } },
      );
      const integrationId = JSON.stringify(route?.Properties.Target).match(/"Ref":"(\w+)"/)?.[1] ?? '';
      expect(resource('AWS::ApiGatewayV2::Integration', integrationId).Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: arnOf(functionId(name)),
      });
    },
  );

  it('outputs the API URL, the user pool id and the client id', () => {
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId']) template.hasOutput(output, {});
  });
});

describe('triggers', () => {
  it.each(triggersOf('schedule').map(({ spec, trigger }) => [spec.name, trigger.everyMinutes] as const))(
    '%s runs every %i minutes from the default bus',
    (name, everyMinutes) => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.absent(),
        ScheduleExpression: Schedule.rate(Duration.minutes(everyMinutes)).expressionString,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: arnOf(functionId(name)) })],
      });
    },
  );

  it.each(triggersOf('event').map(({ spec, trigger }) => [spec.name, trigger.source, trigger] as const))(
    '%s receives %s events from the mentorflow bus',
    (name, source, trigger) => {
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: {
          EventPattern: { source: [source], 'detail-type': trigger.detailTypes },
          Targets: [Match.objectLike({ Arn: arnOf(functionId(name)) })],
        },
      });
      const [rule] = Object.values(rules);
      expect(JSON.stringify(rule?.Properties.EventBusName)).toContain(logicalId(stateful, stateful.bus));
    },
  );

  it.each(queues.map((spec) => [spec.name, spec] as const))(
    'the %s queue redrives to an encrypted dead-letter queue that raises an alarm',
    (name, spec) => {
      const queue = queueOf(name);
      const deadLetters = queue.deadLetterQueue?.queue;
      if (!deadLetters) throw new Error(`The ${name} queue has no dead-letter queue.`);
      const queueId = logicalId(stack, queue);
      const deadLettersId = logicalId(stack, deadLetters);
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: arnOf(deadLettersId), maxReceiveCount: spec.maxReceiveCount },
        SqsManagedSseEnabled: true,
      });
      expect(resource('AWS::SQS::Queue', deadLettersId).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
      });
      for (const id of [queueId, deadLettersId]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    },
  );

  it.each(triggersOf('queue').map(({ spec, trigger }) => [spec.name, trigger.queue, trigger] as const))(
    '%s consumes the %s queue in batches and reports partial failures',
    (name, queueName, trigger) => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(logicalId(stack, queueOf(queueName))),
        FunctionName: { Ref: functionId(name) },
        BatchSize: trigger.batchSize,
        ScalingConfig: { MaximumConcurrency: trigger.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );
});

describe('least privilege', () => {
  /** The only actions that may be granted on every resource, and why. */
  const allowedOnAnyResource: Record<string, string> = {
    'xray:PutTraceSegments': 'X-Ray has no resource-level permissions; CDK adds it for active tracing.',
    'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions; CDK adds it for active tracing.',
  };

  it.each([
    ['stateful', statefulTemplate],
    ['stateless', template],
  ] as const)('the %s stack grants "*" only where listed, and no wildcard actions', (_, of) => {
    for (const statement of allStatements(of)) {
      const actions = asList(statement.Action);
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
      if (asList(statement.Resource).includes('*')) {
        expect(actions.filter((action) => !(action in allowedOnAnyResource))).toEqual([]);
      }
    }
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const of of [statefulTemplate, template]) {
      for (const role of Object.values(of.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    }
  });

  it.each(byName)('%s reaches the table exactly as its access says, with TABLE_NAME', (name, spec) => {
    const actions = actionsOf(name);
    const hasTable = spec.access.table !== undefined;
    expect(actions.some((action) => action.startsWith('dynamodb:'))).toBe(hasTable);
    expect(actions.includes('dynamodb:PutItem')).toBe(spec.access.table === 'readWrite');
    expect(ENV.tableName in variablesOf(name)).toBe(hasTable);
  });

  it('lets only the email-sender send email, through the configuration set and the identity', () => {
    expect(functions.filter((spec) => spec.access.mail).map((spec) => spec.name)).toEqual(['email-sender']);
    for (const { name, access } of functions) {
      const mayMail = access.mail === true;
      expect(actionsOf(name).includes('ses:SendEmail'), name).toBe(mayMail);
      expect(ENV.mailFrom in variablesOf(name), name).toBe(mayMail);
      expect(ENV.configurationSet in variablesOf(name), name).toBe(mayMail);
    }
    const [sendStatement, ...others] = statementsOf('email-sender').filter(
      (s) => s.Action === 'ses:SendEmail',
    );
    expect(others).toEqual([]);
    const resources = JSON.stringify(sendStatement?.Resource);
    expect(resources).toContain(`:identity/${mail.identity}"`);
    expect(resources).toContain(':configuration-set/');
    expect(asList(sendStatement?.Resource)).toHaveLength(2);
    expect(variablesOf('email-sender')[ENV.mailFrom]).toBe(mail.from);
  });

  it.each(byName)(
    '%s gets the bus, queues and signing key with their variables, and only those',
    (name, spec) => {
      const actions = actionsOf(name);
      const variables = variablesOf(name);
      const expectations = [
        { granted: spec.access.bus === true, action: 'events:PutEvents', variable: ENV.eventBusName },
        {
          granted: spec.access.signingSecret === true,
          action: 'secretsmanager:GetSecretValue',
          variable: ENV.signingSecretArn,
        },
      ];
      for (const { granted, action, variable } of expectations) {
        expect(actions.includes(action), action).toBe(granted);
        expect(variable in variables, variable).toBe(granted);
      }
      for (const queue of queues) {
        const granted = spec.access.queues?.includes(queue.name) ?? false;
        const queueArn = arnOf(logicalId(stack, queueOf(queue.name)));
        const sends = statementsOf(name).some(
          (s) =>
            asList(s.Action).includes('sqs:SendMessage') &&
            JSON.stringify(s.Resource) === JSON.stringify(queueArn),
        );
        expect(sends, `send to ${queue.name}`).toBe(granted);
        expect(queueUrlEnv(queue.name) in variables).toBe(granted);
      }
    },
  );
});
