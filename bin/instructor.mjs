// @ts-check
// `npm run grade-all`: the instructor's commands (instructor/cli.ts), from their compiled bundle (see compile.mjs).
// The first argument names the command.
import { runCompiled } from './compile.mjs';

await runCompiled('instructor/cli.ts', { COMPILED_HARNESS: 'grader/sandbox/harness/main.ts' });
