import { describe, expect, it } from 'vitest';
import { progressBar, renderFailure, renderTable } from '#cli/output.ts';

describe('renderTable', () => {
  it('aligns by what the eye sees and shows control characters instead of obeying them', () => {
    // Prepare
    const rows = [
      { name: 'Zoe\u0308 Ng', note: 'line one\nline two', count: 7 },
      { name: 'Ana', note: '\u001b[31mred', count: 120 },
    ];

    // Act
    const table = renderTable(rows, [
      { header: 'NAME', value: (r) => r.name },
      { header: 'COUNT', value: (r) => r.count, align: 'right' },
      { header: 'NOTE', value: (r) => r.note },
    ]);

    // Assess
    expect(table).toBe(
      [
        'NAME    COUNT  NOTE',
        'Zoe\u0308 Ng      7  line one\\nline two',
        'Ana       120  \\u001b[31mred',
        '',
      ].join('\n'),
    );
  });
});

describe('renderFailure', () => {
  it('lists each problem as field: message, with the flag that sets it', () => {
    // Act
    const text = renderFailure(
      'Some fields need fixing.',
      [
        { field: 'intakeQuestions.2.options', message: 'a choice question needs at least 2 options' },
        { field: 'body', message: 'Invalid input' },
      ],
      { intakeQuestions: '--questions-file' },
    );

    // Assess
    expect(text).toBe(
      'Error: Some fields need fixing.\n' +
        '  intakeQuestions.2.options (--questions-file): a choice question needs at least 2 options\n' +
        '  body: Invalid input\n',
    );
  });
});

describe('progressBar', () => {
  const capture = (isTTY: boolean) => {
    const stream = { isTTY, text: '', write: (chunk: string) => (stream.text += chunk) };
    return stream;
  };

  it('redraws one line in place on a terminal', () => {
    // Prepare
    const stream = capture(true);
    const bar = progressBar(stream, 'Importing');

    // Act
    bar.update(0, 4);
    bar.update(1, 4);
    bar.update(1, 4);
    bar.update(4, 4);
    bar.finish();

    // Assess
    const frames = stream.text.split('\r\u001b[2K').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[1]).toBe(`Importing ${'█'.repeat(8)}${'░'.repeat(22)} 1/4 (25%)`);
    expect(stream.text.endsWith('4/4 (100%)\n')).toBe(true);
  });

  it('writes a plain line every 2 seconds at most without a terminal, and the last one always', () => {
    // Prepare
    const stream = capture(false);
    let now = 0;
    const bar = progressBar(stream, 'Importing', () => now);

    // Act
    for (const [at, done] of [
      [0, 100],
      [500, 200],
      [2100, 300],
      [2200, 1000],
    ] as const) {
      now = at;
      bar.update(done, 1000);
    }
    bar.finish();

    // Assess
    expect(stream.text).toBe(
      'Importing: 100/1000 (10%)\nImporting: 300/1000 (30%)\nImporting: 1000/1000 (100%)\n',
    );
  });
});
