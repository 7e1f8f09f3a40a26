import { csvField, csvFileName, toCsv } from './csv';

describe('toCsv', () => {
  const columns = [
    { header: 'Team', text: (r: { team: string; n?: number }) => r.team },
    { header: 'Count', text: (r: { team: string; n?: number }) => r.n },
  ];

  it('writes a header line and one line per row, CRLF-terminated', () => {
    expect(
      toCsv(columns, [
        { team: 'group:default/payments', n: 3 },
        { team: 'group:default/search' },
      ]),
    ).toBe(
      'Team,Count\r\ngroup:default/payments,3\r\ngroup:default/search,\r\n',
    );
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv(columns, [{ team: 'a, "b"\nc', n: 1 }]).split('\r\n')[1]).toBe(
      '"a, ""b""\nc",1',
    );
  });

  it('keeps spreadsheets from running a cell as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    // Numbers are data, not text someone typed.
    expect(csvField(-2)).toBe('-2');
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('csvFileName', () => {
  it('makes a file name from a table label', () => {
    expect(csvFileName('Teams by drift')).toBe('teams-by-drift.csv');
    expect(csvFileName('***')).toBe('table.csv');
  });
});
