import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Layer } from '../sandbox/launch.ts';
import { renderDoctor } from './doctor.ts';

const layers: Layer[] = [
  { id: 'separate-process', title: 'Separate processes', active: true, detail: `a crash ends only the sandbox; ${'and more words '.repeat(12)}END` },
  { id: 'network-namespace', title: 'No network', active: false, detail: 'unshare (Debian package util-linux) is missing or refused here' },
];

describe('renderDoctor', () => {
  const text = stripVTControlCharacters(renderDoctor(layers, 60));

  it('marks each layer active or missing and counts the missing ones', () => {
    expect(text).toContain('✔ Separate processes');
    expect(text).toContain('✘ No network');
    expect(text).toContain('1 of 2 layers are missing here: see SECURITY.md.');
    expect(stripVTControlCharacters(renderDoctor(layers.slice(0, 1)))).toContain('Every layer is active.');
  });

  it('wraps each detail within the width, under its title', () => {
    const detail = text.split('\n').filter((line) => line.startsWith('      '));
    expect(detail.length).toBeGreaterThan(3);
    expect(detail.every((line) => line.length <= 60)).toBe(true);
    expect(detail.map((line) => line.trim()).join(' ')).toContain(`${'and more words '.repeat(12)}END`.replace(/\s+/g, ' '));
  });
});
