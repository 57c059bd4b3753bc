import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { functions } from '../manifest.ts';
import { tableDefinition } from '../table.ts';

export type Stage = 'dev' | 'prod';

export interface MentorflowStackProps extends StackProps {
  stage: Stage;
}

/** The Cognito groups the HTTP handlers check (`shared/http/actor.ts`). */
export const USER_GROUPS = ['coordinators', 'admins'] as const;

/** What the stateless stack needs from this one: real references, not exported strings. */
export interface StatefulResources {
  readonly table: Table;
  readonly bus: EventBus;
  readonly configurationSet: ConfigurationSet;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly signingSecret: Secret;
}

/**
 * Everything that holds data or identity and must outlive a redeploy of the functions: the
 * table, the bus, SES's configuration set, the user pool and the link signing key.
 */
export class StatefulStack extends Stack implements StatefulResources {
  readonly table: Table;
  readonly bus: EventBus;
  readonly configurationSet: ConfigurationSet;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly signingSecret: Secret;

  constructor(scope: Construct, id: string, props: MentorflowStackProps) {
    super(scope, id, { ...props, terminationProtection: props.stage === 'prod' });
    const prod = props.stage === 'prod';
    // Data survives a `cdk destroy` in prod; dev stacks clean up after themselves.
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Every key attribute holds a string: keys.ts builds them, and dueAt is an ISO-8601 instant.
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      // Cohorts are bursty (intake, check-in rounds) and idle in between.
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A KMS key whose use shows in CloudTrail, without a customer key to manage and pay for.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: prod,
      removalPolicy,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        // The jobs and erasure read whole items from the index; no second round trip per item.
        projectionType: ProjectionType.ALL,
      });
    }

    this.bus = new EventBus(this, 'Bus', { eventBusName: `mentorflow-${props.stage}` });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `mentorflow-${props.stage}`,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes to the default bus only; the rule below forwards what our functions listen to.
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const sesDetailTypes = functions.flatMap((fn) =>
      fn.triggers.flatMap((trigger) =>
        trigger.kind === 'event' && trigger.source === 'aws.ses' ? trigger.detailTypes : [],
      ),
    );
    if (sesDetailTypes.length > 0) {
      new Rule(this, 'ForwardSesFeedback', {
        description:
          'Forwards bounces and complaints of this stage from the default bus to the mentorflow bus.',
        eventPattern: {
          source: ['aws.ses'],
          detailType: [...new Set(sesDetailTypes)],
          // Only this stage's mail: dev and prod may share an account and its default bus.
          detail: {
            mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } },
          },
        },
        targets: [new EventBusTarget(this.bus)],
      });
    }

    this.userPool = new UserPool(this, 'UserPool', {
      // Coordinators and admins are invited by an admin; participants never sign in here.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // These accounts see applicants' identity data; a password alone is not enough.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Compromised-credential and risk checks; the pool holds a handful of staff, so Plus costs little.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: prod,
      removalPolicy,
    });
    for (const groupName of USER_GROUPS) this.userPool.addGroup(groupName, { groupName });
    this.userPoolClient = this.userPool.addClient('AppClient', {
      // A browser or CLI client cannot keep a secret; SRP never sends the password.
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI yet, so no OAuth flows or callback URLs to abuse.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    this.signingSecret = new Secret(this, 'LinkSigningKey', {
      description: 'HMAC key that signs the one-click links in participant emails.',
      // 64 alphanumerics (~380 bits): no punctuation, so the raw string is usable as-is.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link signing key invalidates every link already in participants\u2019 inboxes, because verification accepts a single key. It is rotated by hand between cohorts until verification accepts a previous key.',
    });
  }
}
