// The embedding commands (`npm run embed`, `npm run search`, `npm run model:download` …), started from their
// compiled bundle (bin/embeddings.mjs, see bin/compile.mjs) rather than through tsx, which costs about 0.6 s at
// every start. The first argument names the command; each is loaded only when named (transformers.js lazily, as
// ever).
import { runNamedCommand, type NamedCommand } from '../lib/cli.ts';

const COMMANDS: Readonly<Record<string, NamedCommand>> = {
  embed: async () => (await import('./cli/embed.ts')).COMMAND,
  search: async () => (await import('./cli/search.ts')).COMMAND,
  model: async () => (await import('./cli/model.ts')).COMMAND,
};

/** The command named first in `argv`, for bin/embeddings.mjs. */
export const run = (argv: readonly string[]): Promise<number> => runNamedCommand('embeddings', COMMANDS, 'npm run embed, npm run search and npm run model:download (model:verify, model:pack, model:unpack)', argv);
