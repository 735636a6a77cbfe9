// Whether a path stays inside a folder, decided on path.relative's answer: `..` or `../…` climbs out, a name
// that only starts with two dots (`..results`) does not, and an absolute answer is another drive.
import { isAbsolute, sep } from 'node:path';

export const staysInside = (relativePath: string): boolean => relativePath !== '..' && !relativePath.startsWith(`..${sep}`) && !isAbsolute(relativePath);
