import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoProgramStore } from '#shared/adapters/dynamodb/program-store.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Program } from '#shared/domain/program.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const programs = new DynamoProgramStore();

function aProgram(overrides: Partial<Program> = {}): Program {
  return {
    programId: `prg_${randomUUID()}`,
    name: 'Rising Together',
    description: '',
    supportRoles: ['mentor', 'sponsor'],
    intakeQuestions: [],
    consentText: 'We use your answers only to find your matches.',
    coordinatorEmails: ['coordinator@example.org'],
    createdAt: '2030-01-01T09:00:00.000Z',
    ...overrides,
  };
}

describe('DynamoProgramStore', () => {
  it('stores a program and reads it back without storage keys', async () => {
    // Prepare
    const program = aProgram({
      intakeQuestions: [{ id: 'hopes', label: 'Hopes?', type: 'short_text', required: true }],
    });

    // Act
    await programs.create(program);
    const read = await programs.get(program.programId);

    // Assess
    expect(read).toEqual(program);
  });

  it('refuses a second program under the same id with a ConflictError and keeps the first', async () => {
    // Prepare
    const first = aProgram({ name: 'First' });
    await programs.create(first);

    // Act
    const second = programs.create({ ...first, name: 'Second' });

    // Assess
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    expect((await programs.get(first.programId))?.name).toBe('First');
  });

  it('answers undefined for an unknown id', async () => {
    expect(await programs.get('prg_unknown')).toBeUndefined();
  });

  it('lists every program', async () => {
    // Prepare
    const created = [aProgram(), aProgram(), aProgram()];
    for (const program of created) await programs.create(program);

    // Act
    const listed = await programs.list();

    // Assess
    const ids = listed.map((p) => p.programId);
    for (const program of created) expect(ids).toContain(program.programId);
    expect(listed.every((p) => !('pk' in p) && !('sk' in p) && !('type' in p))).toBe(true);
  });
});
