// Usage: node rows-as-json.mjs <file.arrow>
// Prints every row of an Arrow IPC file as one JSON array, as Arrow JS reads it (64-bit integers as numbers), for
// the C# test that checks rows Sluice wrote against an independent reader.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const plain = (value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && typeof value.toJSON === 'function') return plain(value.toJSON());
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value, plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};
console.log(JSON.stringify(table.toArray().map((row) => plain(row.toJSON()))));
