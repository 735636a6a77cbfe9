// `npm run fixture:tiny-model -- OUT_DIR` (or `npx tsx scripts/build-tiny-model.ts OUT_DIR`) writes the tiny
// BERT-shaped test model from embeddings/fixtures/tiny-model.ts into OUT_DIR. Load it with transformers.js by
// setting env.localModelPath to OUT_DIR's parent and using OUT_DIR's base name as the model id.
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TINY_HIDDEN_SIZE, TINY_MODEL_FILES, TINY_VOCAB, buildTinyModel } from '../embeddings/fixtures/tiny-model.ts';
import { UsageError, fromCaller, parseCommandLine, runCommand } from '../lib/cli.ts';

const USAGE = `Usage: npm run fixture:tiny-model -- OUT_DIR
  Writes a tiny BERT-shaped model folder (config.json, tokenizer.json, tokenizer_config.json,
  onnx/model.onnx) into OUT_DIR, creating it if needed. Existing files of the same names are overwritten.`;

process.exitCode = await runCommand(
  {
    name: 'fixture:tiny-model',
    usage: USAGE,
    main: async (argv) => {
      const { positionals } = parseCommandLine(argv, {});
      if (positionals.length !== 1) throw new UsageError('give exactly one output folder');
      build(fromCaller(positionals[0]));
      return 0;
    },
  },
  process.argv.slice(2),
);

function build(outDir: string): void {
  buildTinyModel(outDir);

  let total = 0;
  console.log(`wrote ${outDir}:`);
  for (const file of TINY_MODEL_FILES) {
    const size = statSync(join(outDir, file)).size;
    total += size;
    console.log(`  ${file.padEnd(24)} ${size.toLocaleString('en-US').padStart(6)} bytes`);
  }
  console.log(
    `  total ${total.toLocaleString('en-US')} bytes; vocabulary ${TINY_VOCAB.length} pieces, hidden size ${TINY_HIDDEN_SIZE}.\n` +
      `Load with env.localModelPath = ${JSON.stringify(dirname(outDir))} and model id ${JSON.stringify(basename(outDir))}.`,
  );
}
