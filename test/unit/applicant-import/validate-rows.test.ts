import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '#shared/domain/applicant-import/limits.ts';
import {
  type FileProblem,
  formatRowProblem,
  parseApplicantCsv,
  type RowProblem,
} from '#shared/domain/applicant-import/validate-rows.ts';
import { ValidationError } from '#shared/domain/errors.ts';

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

function fileProblems(text: string): FileProblem[] {
  try {
    parseApplicantCsv(text);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems as FileProblem[];
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseApplicantCsv: reading the file', () => {
  it('reads a file saved by Excel: byte-order mark, CRLF, quoted commas', () => {
    // Prepare
    const text = `\uFEFF${csv('Email,Name,Job Function', 'ana@example.org,"Lima, Ana","Research, UX"')}`;

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.accepted).toEqual([
      {
        line: 2,
        email: 'ana@example.org',
        emailNormalised: 'ana@example.org',
        name: 'Lima, Ana',
        prefill: { jobFunction: 'Research, UX' },
      },
    ]);
  });

  it('accepts headers in any case, with spaces or dashes for underscores, in any order', () => {
    // Prepare
    const text = csv(
      ' Time Zone ,MANAGER-EMAIL,industry,job function,Seniority,Intent,NAME,E-Mail,email',
      'europe/london,boss@example.org,Finance,Engineering,Early career,Both,Ana,,ana@example.org',
    );

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted[0]).toEqual({
      line: 2,
      email: 'ana@example.org',
      emailNormalised: 'ana@example.org',
      name: 'Ana',
      intent: 'both',
      prefill: {
        seniority: 'early_career',
        jobFunction: 'Engineering',
        industry: 'Finance',
        managerEmail: 'boss@example.org',
        timeZone: 'Europe/London',
      },
    });
  });

  it('names each row by the file line it starts on, even after a multi-line cell', () => {
    // Prepare
    const text = csv(
      'email,name,notes',
      'ana@example.org,Ana,"two\nlines"',
      'bo@,Bo,',
      '',
      'cy@example.org,,',
    );

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted.map((a) => a.line)).toEqual([2]);
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [4, 'email'],
      [6, 'name'],
    ]);
    expect(result.totalRows).toBe(3);
  });

  it('keeps names in every script exactly as written, only trimmed', () => {
    // Prepare
    const names = ['Nguyễn Thị Minh', 'أحمد', '山田太郎', 'Zoë Ó Briain', 'Đặng Văn Lâm'];
    const text = csv('email,name', ...names.map((name, i) => `p${i}@example.org,  ${name} `));

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted.map((a) => a.name)).toEqual(names);
  });

  it('ignores blank rows and rows of empty cells, and does not count them', () => {
    // Prepare
    const text = csv('email,name', '', 'ana@example.org,Ana', ',', ' , ');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.totalRows).toBe(1);
    expect(result.problems).toEqual([]);
  });
});

describe('parseApplicantCsv: the header', () => {
  it.each(['email', 'name'])(
    'rejects a file without the required "%s" column, listing the expected headers',
    (column) => {
      // Prepare
      const header = ['email', 'name', 'industry'].filter((c) => c !== column).join(',');
      const text = csv(header, 'x,y');

      // Act
      const problems = fileProblems(text);

      // Assess
      expect(problems).toEqual([
        {
          field: 'header',
          message: expect.stringContaining(`no "${column}" column`),
        },
      ]);
      expect(problems[0]?.message).toContain(
        'email,name,intent,seniority,job_function,industry,manager_email,time_zone',
      );
    },
  );

  it('explains a header separated by semicolons', () => {
    // Prepare
    const text = csv('email;name', 'ana@example.org;Ana');

    // Act
    const problems = fileProblems(text);

    // Assess
    expect(problems[0]?.message).toContain('semicolons');
  });

  it('rejects a column named twice, even when written differently', () => {
    // Prepare
    const text = csv('email,name,Email ', 'ana@example.org,Ana,bo@example.org');

    // Act
    const problems = fileProblems(text);

    // Assess
    expect(problems).toEqual([
      { field: 'header', message: expect.stringContaining('"email" twice (columns 1 and 3)') },
    ]);
  });

  it('warns about unknown columns by name and imports the rest', () => {
    // Prepare
    const text = csv('email,name,Favourite colour,pronouns', 'ana@example.org,Ana,green,she/her');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted).toHaveLength(1);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(
      /^column "Favourite colour" is not one we know, so its values are ignored/,
    );
    expect(result.warnings[1]).toMatch(/^column "pronouns" is not one we know/);
  });

  it('warns about values under an empty header, but not about empty trailing columns', () => {
    // Prepare
    const quiet = csv('email,name,', 'ana@example.org,Ana,');
    const loud = csv('email,name,', 'ana@example.org,Ana,lost');

    // Act
    const results = [parseApplicantCsv(quiet), parseApplicantCsv(loud)];

    // Assess
    expect(results[0]?.warnings).toEqual([]);
    expect(results[1]?.warnings).toEqual(['column 3 has no header, so its values are ignored']);
  });

  it('rejects an empty file and a file with only a header', () => {
    // Prepare
    const files = ['', '\uFEFF\r\n\r\n', csv('email,name')];

    // Act
    const problems = files.map(fileProblems);

    // Assess
    expect(problems[0]?.[0]?.message).toMatch(/^the file is empty/);
    expect(problems[1]?.[0]?.message).toMatch(/^the file is empty/);
    expect(problems[2]?.[0]?.message).toMatch(/no applicants/);
  });
});

describe('parseApplicantCsv: limits', () => {
  it(`takes ${MAX_IMPORT_ROWS} rows and rejects one more, saying how to split the file`, () => {
    // Prepare
    const rows = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@example.org,Person ${i}`);
    const atLimit = csv('email,name', ...rows(MAX_IMPORT_ROWS));
    const overLimit = csv('email,name', ...rows(MAX_IMPORT_ROWS + 1));

    // Act
    const accepted = parseApplicantCsv(atLimit).accepted.length;
    const problems = fileProblems(overLimit);

    // Assess
    expect(accepted).toBe(MAX_IMPORT_ROWS);
    expect(problems).toEqual([
      {
        field: 'file',
        message: expect.stringMatching(
          /5,001 applicant rows; one import takes at most 5,000 — split it into files/,
        ),
      },
    ]);
  });

  it('rejects text over 2 MB, counting UTF-8 bytes rather than characters', () => {
    // Prepare
    const header = 'email,name,notes\n';
    // 山 is three bytes in UTF-8: this file has fewer characters than the limit but more bytes.
    const padding = '山'.repeat(Math.ceil((MAX_IMPORT_BYTES - header.length) / 3) + 1);
    const text = `${header}ana@example.org,Ana,${padding}`;

    // Act
    const problems = fileProblems(text);

    // Assess
    expect(text.length).toBeLessThan(MAX_IMPORT_BYTES);
    expect(problems).toEqual([
      {
        field: 'file',
        message: expect.stringMatching(/^the file is 2\.1 MB; one import takes at most 2 MB — split it/),
      },
    ]);
  });

  it('accepts a file of exactly 2 MB', () => {
    // Prepare
    const start = 'email,name,notes\nana@example.org,Ana,';
    const text = start + 'x'.repeat(MAX_IMPORT_BYTES - start.length);

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted).toHaveLength(1);
  });
});

describe('parseApplicantCsv: rows', () => {
  it('reports an invalid email with what is wrong and how to fix it', () => {
    // Prepare
    const text = csv('email,name', 'ana@example.org,Ana', 'x,X', 'ana@,Ana', 'bo@example.org,Bo');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted.map((a) => a.line)).toEqual([2, 5]);
    const problem = result.problems.find((p) => p.line === 4);
    expect(problem).toEqual({
      line: 4,
      column: 'email',
      value: 'ana@',
      message: '"ana@" is not an email address',
      fix: 'write it like name@example.org',
    });
    expect(formatRowProblem(problem as RowProblem)).toBe(
      'row 4, column email: "ana@" is not an email address — write it like name@example.org',
    );
  });

  it('reports a later row whose email differs only by case or spaces as a duplicate of the earlier line', () => {
    // Prepare
    const text = csv(
      'email,name',
      'Ana.Lima@Example.org,Ana',
      'bo@example.org,Bo',
      '  ana.lima@example.ORG ,Ana again',
      'ANA.LIMA@EXAMPLE.ORG,Ana thrice',
    );

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted.map((a) => [a.line, a.email, a.emailNormalised])).toEqual([
      [2, 'Ana.Lima@Example.org', 'ana.lima@example.org'],
      [3, 'bo@example.org', 'bo@example.org'],
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 4,
        column: 'email',
        message: expect.stringContaining('same address as row 2'),
      }),
      expect.objectContaining({
        line: 5,
        column: 'email',
        message: expect.stringContaining('same address as row 2'),
      }),
    ]);
    expect(result.problems[0]?.fix).toBe('remove one of the two rows');
  });

  it('reports a missing email and a missing name', () => {
    // Prepare
    const text = csv('email,name', ',Ana', 'bo@example.org,   ');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'email', 'no email address is given'],
      [3, 'name', 'no name is given'],
    ]);
  });

  it('reports a name over 120 characters and takes one of exactly 120', () => {
    // Prepare
    const text = csv('email,name', `a@example.org,${'N'.repeat(120)}`, `b@example.org,${'N'.repeat(121)}`);

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted.map((a) => a.line)).toEqual([2]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, column: 'name' })]);
    expect(result.problems[0]?.value).toHaveLength(81);
  });

  it('reports a manager email that is the person’s own', () => {
    // Prepare
    const text = csv('email,name,manager_email', 'ana@example.org,Ana, ANA@example.org');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.accepted).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'manager_email',
        message: expect.stringContaining('own address'),
      }),
    ]);
  });

  it('checks intent, seniority, time zone and manager email, reporting every problem of a row', () => {
    // Prepare
    const text = csv(
      'email,name,intent,seniority,time_zone,manager_email',
      'ana@example.org,Ana,mentor,intern,Mars/Olympus,boss@',
    );

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.problems.map((p) => [p.column, p.message])).toEqual([
      ['intent', '"mentor" is not one of seeker, supporter, both'],
      ['seniority', '"intern" is not one of early_career, mid_career, senior, leader, executive'],
      ['manager_email', '"boss@" is not an email address'],
      ['time_zone', '"Mars/Olympus" is not a time zone name'],
    ]);
    for (const problem of result.problems) expect(problem.fix.length).toBeGreaterThan(0);
  });

  it('reports a value beyond the header, the sign of an unquoted comma', () => {
    // Prepare
    const text = csv('email,name', 'ana@example.org,Lima, Ana');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: '3',
        value: ' Ana',
        fix: expect.stringContaining('double quotes'),
      }),
    ]);
  });

  it('reports text that could not be decoded, so the file is saved as UTF-8 again', () => {
    // Prepare
    const text = csv('email,name', 'minh@example.org,Nguy\uFFFDn Th\uFFFD Minh');

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.problems).toEqual([
      expect.objectContaining({ column: 'name', fix: expect.stringContaining('CSV UTF-8') }),
    ]);
  });

  it('stores cells that look like spreadsheet formulas verbatim', () => {
    // Prepare
    const risky = ['=HYPERLINK("http://evil.example","click")', '+1 555 0100', '-Ana-', '@SUM(A1:A2)'];
    const text = csv(
      'email,name,job_function,industry',
      ...risky.map(
        (value, i) =>
          `p${i}@example.org,"${value.replaceAll('"', '""')}","${value.replaceAll('"', '""')}",${i}`,
      ),
      'q@example.org,Q,"\t=1+1",x',
    );

    // Act
    const result = parseApplicantCsv(text);

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.accepted.slice(0, 4).map((a) => a.name)).toEqual(risky);
    expect(result.accepted.slice(0, 4).map((a) => a.prefill.jobFunction)).toEqual(risky);
    // Surrounding spaces are trimmed like in any text cell; the formula text itself is kept.
    expect(result.accepted[4]?.prefill.jobFunction).toBe('=1+1');
  });
});
