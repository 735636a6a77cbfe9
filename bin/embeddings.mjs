// @ts-check
// `npm run embed`, `npm run search`, `npm run model:*`: the embedding commands (embeddings/cli.ts), from their
// compiled bundle (see compile.mjs). The first argument names the command.
import { runCompiled } from './compile.mjs';

await runCompiled('embeddings/cli.ts', { COMPILED_HARNESS: 'grader/sandbox/harness/main.ts' });
