import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientPerEndpoint } from '../sdk-client.ts';

/** The document client; its endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set. */
export const documentClient = clientPerEndpoint('AWS_ENDPOINT_URL_DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);
