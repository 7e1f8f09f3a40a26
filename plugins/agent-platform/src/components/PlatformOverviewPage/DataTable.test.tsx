import { render, screen, within } from '@testing-library/react';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  it('renders one row per item and one cell per column, right-aligned where asked', () => {
    render(
      <DataTable
        label="Numbers"
        rows={[
          { name: 'one', n: 1 },
          { name: 'two', n: 2 },
        ]}
        rowKey={r => r.name}
        columns={[
          { header: 'Name', cell: r => r.name },
          { header: 'Value', align: 'right', cell: r => r.n * 10 },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Numbers' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'NameValue',
      'one10',
      'two20',
    ]);
    expect(within(rows[1]).getAllByRole('cell')[1]).toHaveStyle({
      textAlign: 'right',
    });
  });
});
