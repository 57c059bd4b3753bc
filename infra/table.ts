/**
 * The single DynamoDB table, described once. The CDK stateful stack and the local runtime's
 * CreateTable both read this, so the table that runs locally is the table that deploys.
 * Key *values* are built only in `shared/adapters/dynamodb/keys.ts`.
 */
export const tableDefinition = {
  /** Logical name; the deployed name is chosen by CloudFormation, the local one by the runtime. */
  logicalName: 'mentorflow',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes short-lived items (link tokens, idempotency records) after it. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      /** Every item that holds a person's email carries `byEmail`: dedupe and erasure find them here. */
      indexName: 'byEmail',
      partitionKey: 'byEmail',
      sortKey: 'sk',
    },
    {
      /**
       * Sparse "what is due" index: only items with work pending carry `dueJob`/`dueAt`.
       * A job queries `dueJob = :job AND dueAt <= :now` and removes the attributes when done.
       */
      indexName: 'due',
      partitionKey: 'dueJob',
      sortKey: 'dueAt',
    },
  ],
} as const;

export type TableDefinition = typeof tableDefinition;
