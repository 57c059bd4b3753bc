import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functions } from '#infra/manifest.ts';
import { USER_GROUPS } from '#infra/stacks/stateful-stack.ts';
import { tableDefinition } from '#infra/table.ts';
import { arnOf, logicalId, synthStacks } from './synth-stacks.ts';

const dev = synthStacks('dev');
const prod = synthStacks('prod');

describe('the table', () => {
  const template = dev.statefulTemplate;

  it('has the keys, indexes and TTL of tableDefinition', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is on demand, encrypted with KMS and recoverable to a point in time', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      // SSEEnabled without a key is KMS with the AWS managed key (aws/dynamodb).
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is protected from deletion and retained in prod only', () => {
    prod.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('events and mail', () => {
  const template = dev.statefulTemplate;
  const busId = logicalId(dev.stateful, dev.stateful.bus);

  it('has the stage bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'mentorflow-dev' });
    prod.statefulTemplate.hasResourceProperties('AWS::Events::EventBus', { Name: 'mentorflow-prod' });
  });

  it('publishes bounces and complaints of its configuration set to the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'mentorflow-dev' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalId(dev.stateful, dev.stateful.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] },
        },
      },
    });
  });

  it('forwards the SES events the manifest listens to from the default bus to ours', () => {
    const listenedTo = functions.flatMap((fn) =>
      fn.triggers.flatMap((t) => (t.kind === 'event' && t.source === 'aws.ses' ? t.detailTypes : [])),
    );
    expect(listenedTo).not.toHaveLength(0);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: Match.objectLike({ source: ['aws.ses'], 'detail-type': listenedTo }),
      Targets: [Match.objectLike({ Arn: arnOf(busId) })],
    });
  });
});

describe('identity', () => {
  const template = dev.statefulTemplate;

  it('has an invitation-only user pool with a strong password policy and required MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('has the coordinators and admins groups and a public app client', () => {
    for (const groupName of USER_GROUPS) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: groupName });
    }
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
  });

  it('generates the link signing key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });
});
