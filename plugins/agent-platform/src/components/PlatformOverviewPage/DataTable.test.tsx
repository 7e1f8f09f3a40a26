import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { downloadCsv } from '../../lib/csv';
import { DataTable } from './DataTable';

jest.mock('../../lib/csv', () => ({
  ...jest.requireActual('../../lib/csv'),
  downloadCsv: jest.fn(),
}));

interface Row {
  name: string;
  n?: number;
}

const rows: Row[] = [
  { name: 'beta, inc', n: 2 },
  { name: 'alpha', n: 10 },
  { name: 'gamma' },
  { name: '=cmd()', n: 1 },
];

function renderTable(pinLast?: (r: Row) => boolean) {
  render(
    <DataTable
      label="Numbers"
      rows={rows}
      rowKey={r => r.name}
      pinLast={pinLast}
      columns={[
        { header: 'Name', cell: r => r.name, sortValue: r => r.name },
        {
          header: 'Value',
          align: 'right',
          cell: r => (r.n === undefined ? '—' : r.n * 10),
          sortValue: r => r.n,
        },
        {
          // Actions: neither searched nor in the CSV file.
          header: 'Act',
          cell: r => <a href={`/x/${r.name}`}>Open zzz</a>,
          sortValue: r => r.name,
          data: false,
        },
      ]}
    />,
  );
  const table = screen.getByRole('table', { name: 'Numbers' });
  const names = () =>
    within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r => within(r).getAllByRole('cell')[0].textContent);
  return { table, names };
}

describe('DataTable', () => {
  it('renders one row per item in the given order, right-aligned where asked', () => {
    const { table, names } = renderTable();
    expect(names()).toEqual(['beta, inc', 'alpha', 'gamma', '=cmd()']);
    const first = within(table).getAllByRole('row')[1];
    expect(within(first).getAllByRole('cell')[1]).toHaveStyle({
      textAlign: 'right',
    });
    expect(screen.getByRole('status')).toHaveTextContent('4 rows');
  });

  it('sorts by any column, ascending then descending, missing values last', async () => {
    const { table, names } = renderTable();
    const header = (name: string) =>
      within(table).getByRole('button', { name });
    await userEvent.click(header('Value'));
    expect(names()).toEqual(['=cmd()', 'beta, inc', 'alpha', 'gamma']);
    expect(header('Value').closest('th')).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await userEvent.click(header('Value'));
    expect(names()).toEqual(['alpha', 'beta, inc', '=cmd()', 'gamma']);
    await userEvent.click(header('Name'));
    expect(names()).toEqual(['=cmd()', 'alpha', 'beta, inc', 'gamma']);
  });

  it('keeps pinned rows last whatever the order', async () => {
    const { table, names } = renderTable(r => r.name === 'alpha');
    await userEvent.click(within(table).getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['=cmd()', 'beta, inc', 'gamma', 'alpha']);
  });

  it('filters rows by the words typed in its search box', async () => {
    const { names } = renderTable();
    const search = screen.getByRole('textbox', { name: 'Search Numbers' });
    await userEvent.type(search, 'ALP');
    expect(names()).toEqual(['alpha']);
    expect(screen.getByRole('status')).toHaveTextContent('1 of 4 rows');
    await userEvent.clear(search);
    // A value's text is searched too: 2 * 10 is shown, the value 2 is its text.
    await userEvent.type(search, 'inc 2');
    expect(names()).toEqual(['beta, inc']);
    await userEvent.clear(search);
    await userEvent.type(search, 'zzz');
    expect(names()).toEqual([]);
  });

  it('downloads the rows shown, in the order shown, as CSV', async () => {
    const { table } = renderTable();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search Numbers' }),
      'a',
    );
    await userEvent.click(within(table).getByRole('button', { name: 'Name' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Download Numbers as CSV' }),
    );
    expect(downloadCsv).toHaveBeenCalledWith(
      'numbers.csv',
      'Name,Value\r\nalpha,10\r\n"beta, inc",2\r\ngamma,\r\n',
    );
    await userEvent.clear(
      screen.getByRole('textbox', { name: 'Search Numbers' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Download Numbers as CSV' }),
    );
    // A cell a spreadsheet would run as a formula is written as text.
    expect(downloadCsv).toHaveBeenLastCalledWith(
      'numbers.csv',
      'Name,Value\r\n\'=cmd(),1\r\nalpha,10\r\n"beta, inc",2\r\ngamma,\r\n',
    );
  });
});
