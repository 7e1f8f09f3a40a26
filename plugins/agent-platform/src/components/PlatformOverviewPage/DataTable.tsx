import type React from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

export function Scroll(props: { children: React.ReactNode }) {
  return <Box style={{ overflowX: 'auto' }}>{props.children}</Box>;
}

/** One column of a {@link DataTable}. */
export interface Column<T> {
  header: string;
  align?: 'right';
  style?: React.CSSProperties;
  cell: (row: T) => React.ReactNode;
}
/** A small table of rows, one cell per column; scrolls sideways unless `scroll` is false. */
export function DataTable<T>(props: {
  label: string;
  rows: T[];
  rowKey: (row: T, index: number) => string;
  columns: Column<T>[];
  scroll?: boolean;
}) {
  const table = (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(c => (
            <TableCell key={c.header} align={c.align}>
              {c.header}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((row, i) => (
          <TableRow key={props.rowKey(row, i)}>
            {props.columns.map(c => (
              <TableCell key={c.header} align={c.align} style={c.style}>
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return props.scroll === false ? table : <Scroll>{table}</Scroll>;
}
