// @ts-check
// `npm run grade`: the grader (grader/cli.ts), started from its compiled bundle (see compile.mjs).
import { runCompiled } from './compile.mjs';

await runCompiled('grader/cli.ts', { COMPILED_HARNESS: 'grader/sandbox/harness/main.ts' });
