// Usage: node read-arrow.mjs <file.arrow> <vector column>
// Prints {"rows": n, "first": [...]}: the row count and the first row's vector, for the C# interop test.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const [file, column] = process.argv.slice(2);
const table = tableFromIPC(readFileSync(file));
const first = table.getChild(column).get(0);
console.log(JSON.stringify({ rows: table.numRows, first: Array.from(first) }));
