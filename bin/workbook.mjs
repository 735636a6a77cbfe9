// @ts-check
// `npm run workbook`: the lessons in the browser (workbook/index.ts), from its compiled bundle (see compile.mjs),
// with the sandbox's harness built in, as the other commands that grade have it.
import { runCompiled } from './compile.mjs';

await runCompiled('workbook/index.ts', { COMPILED_HARNESS: 'grader/sandbox/harness/main.ts' });
