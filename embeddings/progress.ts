// Download progress on stderr: live bars on a terminal (cli-progress), one line per file otherwise, so logs
// and CI output stay readable.
import cliProgress from 'cli-progress';
import type { DownloadProgress } from './config.ts';
import { megabytes } from './files.ts';

export interface ProgressReporter {
  readonly onProgress: (event: DownloadProgress) => void;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = new Set<string>();
  if (!stream.isTTY) {
    return {
      onProgress({ file, total, done }) {
        if (done) {
          if (started.has(file)) stream.write(`  done: ${file}\n`);
        } else if (!started.has(file)) {
          started.add(file);
          stream.write(`  downloading ${file} (${megabytes(total)})…\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar(
    { stream, format: '  {file} |{bar}| {percentage}% {size}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const byFile = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress({ file, loaded, total, done }) {
      const bar = byFile.get(file);
      if (done) {
        bar?.update(bar.getTotal());
        return;
      }
      if (!bar) byFile.set(file, bars.create(total, loaded, { file, size: megabytes(total) }));
      else bar.update(loaded);
    },
    stop: () => bars.stop(),
  };
}
