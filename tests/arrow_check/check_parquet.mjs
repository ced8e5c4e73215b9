// Reads a Parquet file with hyparquet (a Parquet implementation nobody here wrote) and prints
// {"rows": N, "columns": {name: [values...]}} as JSON, for tests of what tributary writes.
import { readFileSync } from 'node:fs';
import { parquetReadObjects, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const bytes = readFileSync(process.argv[2]);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const metadata = parquetMetadata(file);
const rows = await parquetReadObjects({ file, compressors });
const columns = {};
for (const row of rows) {
  for (const [k, v] of Object.entries(row)) {
    (columns[k] ??= []).push(typeof v === 'bigint' ? Number(v) : v);
  }
}
console.log(JSON.stringify({ rows: Number(metadata.num_rows), columns }, (k, v) =>
  v instanceof Uint8Array ? Array.from(v) : v));
