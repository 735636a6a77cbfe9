import pc from 'picocolors';
import type { Layer } from '../sandbox/launch.ts';
import { wrap } from './layout.ts';

/** `npm run grade -- --doctor`: each protection layer, whether it is active here, and what it does or lacks. */
export function renderDoctor(layers: readonly Layer[], columns = 80): string {
  const lines = ['Protection layers around learner code on this machine:', ''];
  for (const layer of layers) {
    lines.push(`  ${layer.active ? pc.green('✔') : pc.yellow('✘')} ${pc.bold(layer.title)}`);
    for (const line of wrap(layer.detail, 6, columns)) lines.push(pc.dim(`      ${line}`));
  }
  const missing = layers.filter((layer) => !layer.active).length;
  lines.push('', missing === 0 ? pc.green('Every layer is active.') : pc.yellow(`${missing} of ${layers.length} layers are missing here: see SECURITY.md.`));
  return `${lines.join('\n')}\n`;
}
