import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MentorflowFunction } from '../constructs/mentorflow-function.ts';
import {
  type Access,
  ENV,
  type FunctionSpec,
  functions,
  type HttpRoute,
  type QueueName,
  queues,
  queueUrlEnv,
  type Trigger,
} from '../manifest.ts';
import { tableDefinition } from '../table.ts';
import type { MentorflowStackProps, StatefulResources } from './stateful-stack.ts';

interface MailSettings {
  /** The From address of every email. */
  from: string;
  /** The verified SES identity that address sends through: the address itself or its domain. */
  identity: string;
}

interface StatelessStackProps extends MentorflowStackProps {
  stateful: StatefulResources;
  mail: MailSettings;
}

/**
 * Every function of the manifest with its triggers and grants, the HTTP API and the queues.
 * Nothing here holds data, so the stack can be replaced at will.
 */
export class StatelessStack extends Stack {
  /** By manifest name, so tests can find each function's resources. */
  readonly functions = new Map<string, MentorflowFunction>();
  readonly queues = new Map<QueueName, Queue>();

  private readonly stateful: StatefulResources;
  private readonly mail: MailSettings;
  private readonly api: HttpApi;
  private readonly jwtAuthorizer: IHttpRouteAuthorizer;
  /** The stateful table seen without its indexes, so its grants name the table alone. */
  private readonly tableItems: ITable;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.stateful = props.stateful;
    this.mail = props.mail;
    this.tableItems = Table.fromTableAttributes(this, 'TableItems', {
      tableArn: props.stateful.table.tableArn,
    });
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Created before the functions and not depending on them, so the functions can carry its URL.
    this.api = new HttpApi(this, 'Api', {
      description: 'mentorflow: coordinator and admin API, participant pages.',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    const apiStage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // The participant pages are public; this caps what a flood of requests can cost.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key, never the path: a participant's path carries their signed link.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sourceIp: '$context.identity.sourceIp',
            responseLatency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const { userPool, userPoolClient } = this.stateful;
    // The JWT authorizer proves who is calling; the handlers check the `cognito:groups` claim.
    this.jwtAuthorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`,
      { jwtAudience: [userPoolClient.userPoolClientId] },
    );

    for (const spec of queues) {
      const deadLetters = new Queue(this, `${spec.name}-dlq`, {
        // The longest SQS allows: time to find the cause and redrive.
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, `${spec.name}-queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: spec.maxReceiveCount },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      new Alarm(this, `${spec.name}-dlq-alarm`, {
        alarmDescription: `Messages of the ${spec.name} queue failed ${spec.maxReceiveCount} times and wait in its dead-letter queue.`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.queues.set(spec.name, queue);
    }

    const environment = {
      [ENV.publicBaseUrl]: apiStage.url,
      POWERTOOLS_SERVICE_NAME: 'mentorflow',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    for (const spec of functions) {
      const fn = new MentorflowFunction(this, spec.name, { spec, environment, removalPolicy });
      this.functions.set(spec.name, fn);
      spec.triggers.forEach((trigger, index) => {
        this.addTrigger(fn, spec, trigger, `${spec.name}-${trigger.kind}-${index}`);
      });
      this.addAccess(fn, spec.access);
    }

    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
  }

  private addTrigger(fn: MentorflowFunction, spec: FunctionSpec, trigger: Trigger, id: string): void {
    switch (trigger.kind) {
      case 'http': {
        const integration = new HttpLambdaIntegration(id, fn.function);
        for (const route of trigger.routes) this.addRoute(route, integration);
        return;
      }
      case 'schedule':
        new Rule(this, id, {
          description: `Runs ${spec.name} every ${trigger.everyMinutes} minutes.`,
          schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
          targets: [new LambdaFunction(fn.function)],
        });
        return;
      case 'event':
        new Rule(this, id, {
          description: `Delivers ${trigger.detailTypes.join(', ')} from ${trigger.source} to ${spec.name}.`,
          eventBus: this.stateful.bus,
          eventPattern: { source: [trigger.source], detailType: trigger.detailTypes },
          targets: [new LambdaFunction(fn.function)],
        });
        return;
      case 'queue': {
        const queue = this.queueNamed(trigger.queue);
        const queueSpec = queues.find((candidate) => candidate.name === trigger.queue);
        // SQS would hand a message to a second consumer while the first still works on it.
        if (queueSpec && queueSpec.visibilityTimeoutSeconds < spec.timeoutSeconds) {
          throw new Error(
            `The ${trigger.queue} queue's visibility timeout is shorter than ${spec.name}'s timeout.`,
          );
        }
        fn.function.addEventSource(
          new SqsEventSource(queue, {
            batchSize: trigger.batchSize,
            maxConcurrency: trigger.maxConcurrency,
            // A failed message is retried alone; the rest of its batch is not sent again.
            reportBatchItemFailures: true,
          }),
        );
        return;
      }
    }
  }

  private addRoute(route: HttpRoute, integration: HttpLambdaIntegration): void {
    const isPublic = route.auth === 'public';
    const [added] = this.api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration,
      authorizer: isPublic ? new HttpNoneAuthorizer() : this.jwtAuthorizer,
    });
    if (isPublic && added) {
      Validations.of(added).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Participant pages are opened from emails by people without an account: the handler verifies the HMAC-signed link token in the path (participant, purpose, item, expiry) and answers 4xx without it.',
      });
    }
  }

  private addAccess(fn: MentorflowFunction, access: Access): void {
    const { table, bus, configurationSet, signingSecret } = this.stateful;
    if (access.table) {
      const readWrite = access.table === 'readWrite';
      fn.bind({ [ENV.tableName]: table.tableName }, (grantee) => {
        // CDK's grants on a table with indexes cover `<table>/index/*`; the items view has no
        // indexes, and the indexes the table does have are named one by one, for Query only.
        if (readWrite) this.tableItems.grantReadWriteData(grantee);
        else this.tableItems.grantReadData(grantee);
        Grant.addToPrincipal({
          grantee,
          actions: ['dynamodb:Query'],
          resourceArns: tableDefinition.globalSecondaryIndexes.map(
            ({ indexName }) => `${table.tableArn}/index/${indexName}`,
          ),
        });
      });
    }
    if (access.bus) {
      fn.bind({ [ENV.eventBusName]: bus.eventBusName }, (grantee) => bus.grantPutEventsTo(grantee));
    }
    for (const name of access.queues ?? []) {
      const queue = this.queueNamed(name);
      fn.bind({ [queueUrlEnv(name)]: queue.queueUrl }, (grantee) => queue.grantSendMessages(grantee));
    }
    if (access.mail) {
      const { configurationSetName } = configurationSet;
      fn.bind({ [ENV.mailFrom]: this.mail.from, [ENV.configurationSet]: configurationSetName }, (grantee) =>
        Grant.addToPrincipal({
          grantee,
          actions: ['ses:SendEmail'],
          // SES authorises a send against both the identity and the configuration set it uses.
          resourceArns: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: this.mail.identity }),
            this.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: configurationSetName,
            }),
          ],
        }),
      );
    }
    if (access.signingSecret) {
      fn.bind({ [ENV.signingSecretArn]: signingSecret.secretArn }, (grantee) =>
        signingSecret.grantRead(grantee),
      );
    }
  }

  private queueNamed(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`The manifest uses queue ${name}, but \`queues\` does not define it.`);
    return queue;
  }
}
