import { describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/domain/applicant-import/csv.ts';
import { ValidationError } from '#shared/domain/errors.ts';

describe('parseCsv', () => {
  it('strips a UTF-8 byte-order mark from the first cell', () => {
    // Prepare
    const text = '\uFEFFemail,name\nana@example.org,Ana\n';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records[0]?.cells).toEqual(['email', 'name']);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('reads %s line endings, with and without a trailing line break', (_name, eol) => {
    // Prepare
    const withTrailing = `a,b${eol}c,d${eol}`;
    const withoutTrailing = `a,b${eol}c,d`;

    // Act
    const records = [parseCsv(withTrailing), parseCsv(withoutTrailing)];

    // Assess
    for (const parsed of records) {
      expect(parsed).toEqual([
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['c', 'd'] },
      ]);
    }
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    // Prepare
    const text = 'name,notes\r\n"Lima, Ana","She said ""hi""\r\nand left"\r\n';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records[1]?.cells).toEqual(['Lima, Ana', 'She said "hi"\r\nand left']);
  });

  it('numbers each record by the file line it starts on, across multi-line cells and blank lines', () => {
    // Prepare
    const text =
      'email,bio\n\na@example.org,"line one\nline two\r\nline three"\nb@example.org,short\n\n\nc@example.org,x';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records.map((r) => r.line)).toEqual([1, 3, 6, 9]);
    expect(records.map((r) => r.cells[0])).toEqual([
      'email',
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);
  });

  it('skips empty lines but keeps a line of empty cells', () => {
    // Prepare
    const text = 'a\n\n\r\n,\n""\n';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records).toEqual([
      { line: 1, cells: ['a'] },
      { line: 4, cells: ['', ''] },
      { line: 5, cells: [''] },
    ]);
  });

  it('keeps empty cells at the start, middle and end of a record', () => {
    // Prepare
    const text = ',a,,b,\n';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records[0]?.cells).toEqual(['', 'a', '', 'b', '']);
  });

  it('leaves non-Latin text and surrounding spaces untouched', () => {
    // Prepare
    const names = ['Nguyễn Thị Minh', 'أحمد', '山田太郎', ' Zoë ', 'Ḿ̧ (combining)', '👩🏽‍💻'];
    const text = names.map((name) => `x,${name}`).join('\n');

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records.map((r) => r.cells[1])).toEqual(names);
  });

  it('keeps a quote in the middle of an unquoted cell as text', () => {
    // Prepare
    const text = 'Ana "Nana" Lima,x';

    // Act
    const records = parseCsv(text);

    // Assess
    expect(records[0]?.cells).toEqual(['Ana "Nana" Lima', 'x']);
  });

  it('rejects a quote that never closes, naming the line it opens on', () => {
    // Prepare
    const text = 'email,name\nana@example.org,Ana\nbo@example.org,"Bo\nrest of file';

    // Act
    const attempt = () => parseCsv(text);

    // Assess
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/line 3/);
  });

  it('rejects text after a closing quote, naming its line, and says how to write quotes', () => {
    // Prepare
    const text = 'email,name\nana@example.org,"Ana "Nana" Lima"\n';

    // Act
    let error: unknown;
    try {
      parseCsv(text);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { field: 'file', message: expect.stringMatching(/^line 2: .*""/) },
    ]);
  });
});
