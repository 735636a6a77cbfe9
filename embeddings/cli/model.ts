// `npm run model:download`, `model:pack -- OUT.tgz`, `model:unpack -- IN.tgz`: get the lesson's model once,
// and carry it to machines without a network.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, fromCaller, parseCommandLine, runIfMain, type CommandSpec } from '../../lib/cli.ts';
import { packModel, unpackModel } from '../archive.ts';
import { missingModelFiles, modelFolder, shownPath } from '../cache.ts';
import { MODEL_FILES, resolveOptions, type ResolvedOptions } from '../config.ts';
import { megabytes } from '../files.ts';
import { describeVerification, verifyModel } from '../verify.ts';
import { MODEL_OPTIONS, MODEL_OPTIONS_USAGE, embedderOptions, isEmbeddingError, withEmbedder } from './options.ts';

export const USAGE = `Usage: npm run model:download [-- options]
       npm run model:verify [-- options]
       npm run model:pack -- OUT.tgz [options]
       npm run model:unpack -- IN.tgz [options]

download   fetches the lesson's model into the cache (once; later runs work offline)
verify     embeds the lesson's four documents and compares them with every figure the notebook
           printed: says whether this is the notebook's model, or which figures differ (exit 1)
pack       writes the cached model to OUT.tgz, to hand to machines without a network
unpack     checks IN.tgz (made by pack) and puts its model into the cache

Options:
  --force            pack: replace OUT.tgz; unpack: replace a model already in the cache
${MODEL_OPTIONS_USAGE}`;

async function download(options: ResolvedOptions): Promise<void> {
  const folder = shownPath(modelFolder(options));
  if (missingModelFiles(options).length === 0) {
    console.log(`The model ${options.modelId} is already in ${folder}; nothing to download.`);
    return;
  }
  if (options.offline) {
    throw new UsageError('model:download needs the network, but this run is offline (--offline or HF_HUB_OFFLINE=1); drop that to download.');
  }
  console.log(`Downloading ${options.modelId} into ${folder} …`);
  await withEmbedder(options, async (embedder) => {
    // Proves the files work together before anyone relies on them offline.
    const [vector] = await embedder.embed(['Bugs are common throughout the warm summer months.']);
    const size = MODEL_FILES.reduce((total, file) => total + statSync(join(modelFolder(options), file)).size, 0);
    console.log(`Ready: ${megabytes(size)} in ${folder}, ${vector.length} dimensions. Later runs work offline.`);
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { ...MODEL_OPTIONS, force: { type: 'boolean', default: false } });
  const [action, archive, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const options = resolveOptions(embedderOptions(values));
  switch (action) {
    case 'download':
      if (archive !== undefined) throw new UsageError(`download takes no file name (got "${archive}")`);
      await download({ ...options, downloading: true });
      return 0;
    case 'verify': {
      if (archive !== undefined) throw new UsageError(`verify takes no file name (got "${archive}")`);
      return withEmbedder(options, async (embedder) => {
        const verification = await verifyModel(embedder);
        console.log(`Model: ${options.modelId} (${shownPath(modelFolder(options))}); its files' SHA-256 are in the provenance of what it embeds.`);
        console.log(describeVerification(verification, Number.POSITIVE_INFINITY));
        return verification.verified ? 0 : 1;
      });
    }
    case 'pack': {
      if (archive === undefined) throw new UsageError('pack needs the archive to write: npm run model:pack -- model.tgz');
      const manifest = await packModel(options, fromCaller(archive), values.force);
      const size = manifest.files.reduce((total, file) => total + file.bytes, 0);
      console.log(`Packed ${manifest.model} (${megabytes(size)}) into ${archive}.\nOn each machine: npm run model:unpack -- ${archive}`);
      return 0;
    }
    case 'unpack': {
      if (archive === undefined) throw new UsageError('unpack needs the archive to read: npm run model:unpack -- model.tgz');
      const manifest = await unpackModel(fromCaller(archive), options.cacheDir, values.force);
      console.log(`Unpacked ${manifest.model} into ${shownPath(modelFolder({ modelId: manifest.model, cacheDir: options.cacheDir }))}; it works offline now.`);
      return 0;
    }
    default:
      throw new UsageError(action === undefined ? 'say what to do: download, verify, pack or unpack' : `unknown action "${action}"`);
  }
}

/** The command, for embeddings/cli.ts (its compiled bundle's dispatcher) and when run on its own. */
export const COMMAND: CommandSpec = { name: 'model', usage: USAGE, main, isExpected: isEmbeddingError };

runIfMain(import.meta.url, COMMAND);
