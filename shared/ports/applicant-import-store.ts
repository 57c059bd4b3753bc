export interface ApplicantImportRecord {
  importId: string;
  cohortId: string;
  status: 'running' | 'done' | 'failed' | 'rejected';
  dryRun: boolean;
  totalRows: number;
  processed: number;
  added: number;
  alreadyPresent: number;
  problems: number;
  startedAt: string;
  finishedAt?: string;
}

export interface ApplicantImportStore {
  get(cohortId: string, importId: string): Promise<ApplicantImportRecord | undefined>;
  /** Starts a record; returns false when an import with this id already exists. */
  start(record: ApplicantImportRecord): Promise<boolean>;
  update(record: ApplicantImportRecord): Promise<void>;
}
