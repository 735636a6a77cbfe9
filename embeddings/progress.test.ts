import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress.ts';

describe('createProgressReporter, writing to a log rather than a terminal', () => {
  it('prints one line when a file starts downloading and one when it is done', () => {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const reporter = createProgressReporter(stream as unknown as NodeJS.WriteStream);
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 0, total: 90_400_000, done: false });
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 45_000_000, total: 90_400_000, done: false });
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 0, total: 0, done: true });
    reporter.onProgress({ file: 'never-started.json', loaded: 0, total: 0, done: true });
    reporter.stop();
    expect(chunks.join('')).toBe('  downloading onnx/model.onnx (90.4 MB)…\n  done: onnx/model.onnx\n');
  });
});
