// The embedding commands (`npm run embed`, `npm run search`, `npm run model:download` …), started from their
// compiled bundle (bin/embeddings.mjs, see bin/compile.mjs) rather than through tsx, which costs about 0.6 s at
// every start. The first argument names the command; each is loaded only when named (transformers.js lazily, as
// ever).
import { runCommand, type CommandSpec } from '../lib/cli.ts';

const COMMANDS: Readonly<Record<string, () => Promise<{ COMMAND: CommandSpec }>>> = {
  embed: () => import('./cli/embed.ts'),
  search: () => import('./cli/search.ts'),
  model: () => import('./cli/model.ts'),
};

/** The command named first in `argv`, for bin/embeddings.mjs. */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`embeddings: no command "${name ?? ''}"; the commands are npm run embed, npm run search and npm run model:download (model:verify, model:pack, model:unpack)\n`);
    return 2;
  }
  return runCommand((await load()).COMMAND, rest);
}
