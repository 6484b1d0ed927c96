/**
 * CSV as spreadsheets write it (RFC 4180): quoted cells may hold commas, quotes and line breaks.
 * Each record keeps the line it starts on, for error reports people can find in their file.
 */

export type CsvRecord = { line: number; cells: string[] };

export function parseCsv(text: string): { ok: true; records: CsvRecord[] } | { ok: false; line: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      quoteLine = line;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.some((c) => c !== "")) records.push({ line: recordLine, cells });
      cells = [];
      cell = "";
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted) return { ok: false, line: quoteLine };
  cells.push(cell);
  if (cells.some((c) => c !== "")) records.push({ line: recordLine, cells });
  return { ok: true, records };
}

/** A spreadsheet would run a cell starting with these as a formula: such cells get a leading '. */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes csvCell's guard on import. */
export function csvValue(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function writeCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
