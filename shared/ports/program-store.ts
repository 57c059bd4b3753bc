import type { Program } from '#shared/domain/program.ts';

export interface ProgramStore {
  /** Fails with ConflictError if the id is taken. */
  create(program: Program): Promise<void>;
  get(programId: string): Promise<Program | undefined>;
  list(): Promise<Program[]>;
}
