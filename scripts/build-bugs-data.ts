// `npm run data:bugs` writes lessons/data/bugs.json; `npm run data:bugs -- --check` writes nothing and fails
// if the file on disk is not exactly what this script would write (for CI, or after editing bugs-data.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BUGS_DATA_FILE, ROOT } from '../curriculum/paths.ts';
import { buildBugsData, serializeBugsData } from './bugs-data.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

const data = buildBugsData();
const text = serializeBugsData(data);
const shown = relative(ROOT, BUGS_DATA_FILE);

if (values.check) {
  const onDisk = existsSync(BUGS_DATA_FILE) ? readFileSync(BUGS_DATA_FILE, 'utf8') : undefined;
  if (onDisk !== text) {
    const why = onDisk === undefined ? 'is missing' : 'differs from what scripts/bugs-data.ts builds';
    console.error(`${shown} ${why}. Run \`npm run data:bugs\` to regenerate it.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  writeFileSync(BUGS_DATA_FILE, text);
  const rows = data.vectors.length;
  const columns = data.vectors[0].length;
  console.log(
    `wrote ${shown} (${Buffer.byteLength(text).toLocaleString('en-US')} bytes): ${rows} vectors × ${columns} components; ` +
      `columns ${data.provenance.printedColumns.join(', ')} as printed by the notebook, ` +
      `the rest rebuilt from seed ${data.provenance.seed}.`,
  );
}
