/** Where a table of an OpenType/TrueType file lies, in bytes from the start of the file. */
export interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

/** The font file's table directory: each table's tag and where it lies. */
export function tableRecords(view: DataView): Map<string, TableRecord> {
  const tables = new Map<string, TableRecord>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i += 1) {
    const record = 12 + i * 16;
    tables.set(tag(view, record), {
      offset: view.getUint32(record + 8),
      length: view.getUint32(record + 12),
    });
  }
  return tables;
}

/** The four-character tag at `at`. */
export function tag(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}
