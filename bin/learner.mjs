// @ts-check
// `npm start`, `npm run list`, `npm run hint`, `npm run reset`, `npm run lesson`: the learner's commands (learner/cli.ts), from their compiled
// bundle (see compile.mjs). The first argument names the command.
import { runCompiled } from './compile.mjs';

await runCompiled('learner/cli.ts', { COMPILED_HARNESS: 'grader/sandbox/harness/main.ts' });
