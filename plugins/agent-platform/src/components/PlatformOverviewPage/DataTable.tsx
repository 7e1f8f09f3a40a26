import { CSSProperties, ReactNode, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { csvFileName, downloadCsv, toCsv } from '../../lib/csv';

export function Scroll(props: { children: ReactNode }) {
  return <Box style={{ overflowX: 'auto' }}>{props.children}</Box>;
}

/** A value a column sorts by: numbers in numeric order, text in code-point order, missing last. */
export type SortValue = string | number | undefined;

/** One column of a {@link DataTable}. */
export interface Column<T> {
  header: string;
  align?: 'right';
  style?: CSSProperties;
  cell: (row: T) => ReactNode;
  /** What the column sorts by. */
  sortValue: (row: T) => SortValue;
  /**
   * The cell as text, for the search box and the CSV file; the sort value
   * when not given.
   */
  text?: (row: T) => string | number | undefined;
  /** False for a column of actions: neither searched nor exported. */
  data?: false;
}

/** A column's sort order and direction. */
export interface TableSort {
  header: string;
  desc: boolean;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  // Missing values go last whatever the direction.
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLocaleLowerCase('en-US');
  const y = String(b).toLocaleLowerCase('en-US');
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

const textOf = <T,>(column: Column<T>, row: T) => {
  const value = column.text ? column.text(row) : column.sortValue(row);
  return value === undefined ? '' : String(value);
};

/**
 * The rows a table shows: those whose cells' text contains every word of
 * `search` (case-insensitive), ordered by `sort` (stable; rows for which
 * `pinLast` holds stay at the end in their order).
 */
export function visibleRows<T>(
  rows: T[],
  columns: Column<T>[],
  search: string,
  sort?: TableSort,
  pinLast?: (row: T) => boolean,
): T[] {
  const words = search.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  const matching =
    words.length === 0
      ? rows
      : rows.filter(row => {
          const text = columns
            .filter(c => c.data !== false)
            .map(c => textOf(c, row))
            .join('\n')
            .toLocaleLowerCase('en-US');
          return words.every(w => text.includes(w));
        });
  const column = sort && columns.find(c => c.header === sort.header);
  if (!column) return matching;
  const sortable = pinLast ? matching.filter(r => !pinLast(r)) : matching;
  const pinned = pinLast ? matching.filter(r => pinLast(r)) : [];
  const sorted = sortable
    .map((row, i) => ({ row, i, value: column.sortValue(row) }))
    .sort((a, b) => {
      let c = compareValues(a.value, b.value);
      if (sort.desc && a.value !== undefined && b.value !== undefined) c = -c;
      return c || a.i - b.i;
    })
    .map(e => e.row);
  return [...sorted, ...pinned];
}

/**
 * A table of rows, one cell per column: every column sorts (click its
 * header), a search box filters the rows by their text, and "Download CSV"
 * saves the rows shown, in the order shown. Scrolls sideways unless
 * `scroll` is false.
 */
export function DataTable<T>(props: {
  label: string;
  rows: T[];
  rowKey: (row: T, index: number) => string;
  columns: Column<T>[];
  scroll?: boolean;
  /** The order before any header is clicked; the rows' own order when not given. */
  defaultSort?: TableSort;
  /** Rows that stay last whatever the order (e.g. a catch-all row). */
  pinLast?: (row: T) => boolean;
  /** Rows after the data rows, e.g. totals; neither sorted nor exported. */
  footer?: ReactNode;
}) {
  const { columns, rows, pinLast, label } = props;
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<TableSort | undefined>(props.defaultSort);
  const shown = useMemo(
    () => visibleRows(rows, columns, search, sort, pinLast),
    [rows, columns, search, sort, pinLast],
  );
  const onSort = (header: string) =>
    setSort(s =>
      s?.header === header
        ? { header, desc: !s.desc }
        : { header, desc: false },
    );
  const download = () =>
    downloadCsv(
      csvFileName(label),
      toCsv(
        columns
          .filter(c => c.data !== false)
          .map(c => ({ header: c.header, text: (r: T) => textOf(c, r) })),
        shown,
      ),
    );

  const table = (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map(c => {
            const active = sort?.header === c.header;
            const direction = active && sort?.desc ? 'desc' : 'asc';
            return (
              <TableCell
                key={c.header}
                align={c.align}
                sortDirection={active ? direction : false}
                style={{ whiteSpace: 'nowrap' }}
              >
                <TableSortLabel
                  active={active}
                  direction={direction}
                  onClick={() => onSort(c.header)}
                >
                  {c.header}
                </TableSortLabel>
              </TableCell>
            );
          })}
        </TableRow>
      </TableHead>
      <TableBody>
        {shown.map((row, i) => (
          <TableRow key={props.rowKey(row, i)}>
            {columns.map(c => (
              <TableCell key={c.header} align={c.align} style={c.style}>
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
        {props.footer}
      </TableBody>
    </Table>
  );
  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
        mb={1}
      >
        <TextField
          size="small"
          variant="outlined"
          placeholder="Search"
          value={search}
          onChange={e => setSearch(e.target.value)}
          inputProps={{ 'aria-label': `Search ${label}` }}
        />
        <Typography variant="caption" color="textSecondary" role="status">
          {shown.length === rows.length
            ? `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`
            : `${shown.length} of ${rows.length} rows`}
        </Typography>
        <Box flexGrow={1} />
        <Button
          size="small"
          variant="outlined"
          onClick={download}
          aria-label={`Download ${label} as CSV`}
        >
          Download CSV
        </Button>
      </Box>
      {props.scroll === false ? table : <Scroll>{table}</Scroll>}
    </>
  );
}
