import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/domain/applicant-import/csv.ts';
import { type CsvValue, neutraliseCell, toCsv } from '#shared/domain/spreadsheet-safety.ts';

const BOM = '\uFEFF';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")'],
    ['+1 555 0100'],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('prefixes %j with a single quote so spreadsheets show it as text', (value) => {
    // Prepare
    const expected = `'${value}`;

    // Act
    const neutralised = neutraliseCell(value);

    // Assess
    expect(neutralised).toBe(expected);
  });

  it.each([['Ana Lima'], [''], ["'=already quoted"], [' =1+1'], ['山田太郎'], ['a=b']])(
    'leaves %j as it is',
    (value) => {
      // Prepare
      const expected = value;

      // Act
      const neutralised = neutraliseCell(value);

      // Assess
      expect(neutralised).toBe(expected);
    },
  );
});

describe('toCsv', () => {
  it('writes a byte-order mark, CRLF after every record, and quotes what needs quoting', () => {
    // Prepare
    const header = ['name', 'notes', 'count', 'active', 'missing'];
    const rows: CsvValue[][] = [['Lima, Ana', 'She said "hi"\nthen left', 3, true, null]];

    // Act
    const text = toCsv(header, rows);

    // Assess
    expect(text).toBe(
      `${BOM}name,notes,count,active,missing\r\n"Lima, Ana","She said ""hi""\nthen left",3,true,\r\n`,
    );
  });

  it('neutralises every text cell, the header included, before quoting', () => {
    // Prepare
    const header = ['=cmd'];
    const rows: CsvValue[][] = [['=HYPERLINK("http://evil.example","a,b")'], ['@x'], ['+y'], ['-z'], ['\tw']];

    // Act
    const text = toCsv(header, rows);

    // Assess
    expect(text).toBe(
      `${BOM}'=cmd\r\n"'=HYPERLINK(""http://evil.example"",""a,b"")"\r\n'@x\r\n'+y\r\n'-z\r\n'\tw\r\n`,
    );
  });

  it('writes numbers and booleans as they are, so negative numbers stay numbers', () => {
    // Prepare
    const rows: CsvValue[][] = [[-3, 1.5, false, undefined]];

    // Act
    const text = toCsv(['a', 'b', 'c', 'd'], rows);

    // Assess
    expect(text).toBe(`${BOM}a,b,c,d\r\n-3,1.5,false,\r\n`);
  });

  it('keeps a record of one empty cell, which would otherwise read as a blank line', () => {
    // Prepare
    const rows: CsvValue[][] = [[''], [null]];

    // Act
    const records = parseCsv(toCsv(['only'], rows));

    // Assess
    expect(records.map((r) => r.cells)).toEqual([['only'], [''], ['']]);
  });

  it('round-trips arbitrary unicode text through the applicant file reader', () => {
    // Special characters are drawn often, so quoting and neutralising are exercised on most runs.
    const unit = fc.oneof(
      {
        weight: 1,
        arbitrary: fc.constantFrom(',', '"', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', BOM, "'"),
      },
      { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    );
    const cell = fc.string({ unit, maxLength: 12 });
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.tuple(
          fc.array(cell, { minLength: width, maxLength: width }),
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }),
        ),
      );

    fc.assert(
      fc.property(table, ([header, rows]) => {
        // Act
        const records = parseCsv(toCsv(header, rows));

        // Assess
        const original = [header, ...rows];
        expect(records).toHaveLength(original.length);
        records.forEach((record, r) => {
          const cells = record.cells.map((value, c) => {
            const before = original[r]?.[c] ?? '';
            return neutraliseCell(before) === before ? value : value.slice(1);
          });
          expect(cells).toEqual(original[r]);
        });
      }),
    );
  });
});
