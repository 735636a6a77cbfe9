// The copy's package.json and package-lock.json: the students' scripts only, and the packages their commands
// import, locked at exactly the versions the workbook was tested with (the lock pruned, never re-resolved, so
// `npm ci` in the copy installs what the instructor has, from npm's cache where it is there).

/** The scripts a student runs; the rest are the instructor's or the workbook's own. */
const STUDENT_SCRIPTS = ['grade', 'start', 'list', 'hint', 'reset', 'lesson', 'workbook', 'embed', 'search', 'model:download', 'model:verify', 'model:pack', 'model:unpack'];
/**
 * Packages the copy needs that no command imports: TypeScript and Node's types for the grader's type check of a
 * lesson file, tsx for the embedding commands and a learner's playground.
 */
const TOOLS = ['typescript', '@types/node', 'tsx'];

type Versions = Record<string, string>;

export interface PackageJson {
  readonly name: string;
  readonly scripts: Versions;
  readonly dependencies: Versions;
  readonly devDependencies: Versions;
  readonly [field: string]: unknown;
}

interface LockEntry {
  readonly dependencies?: Versions;
  readonly optionalDependencies?: Versions;
  readonly peerDependencies?: Versions;
  readonly devDependencies?: Versions;
  readonly [field: string]: unknown;
}

export interface PackageLock {
  readonly packages: Readonly<Record<string, LockEntry>>;
  readonly [field: string]: unknown;
}

const picked = (from: Versions, names: readonly string[]): Versions => Object.fromEntries(Object.entries(from).filter(([name]) => names.includes(name)));

/** The copy's package.json: the students' scripts, and the packages `imported` by their commands plus the tools. */
export function studentPackage(main: PackageJson, imported: readonly string[]): PackageJson {
  const missing = imported.filter((name) => !(name in main.dependencies));
  if (missing.length > 0) throw new Error(`the students' commands import ${missing.join(', ')}, which package.json does not list as dependencies`);
  return {
    ...main,
    name: `${main.name}-student`,
    description: `${String(main.description)} The student copy: public cases only.`,
    scripts: picked(main.scripts, STUDENT_SCRIPTS),
    dependencies: picked(main.dependencies, imported),
    devDependencies: picked(main.devDependencies, TOOLS),
  };
}

/** Where npm finds `name` for the package at `from`: the nearest node_modules folder up the tree that has it. */
function installedAt(packages: PackageLock['packages'], from: string, name: string): string | undefined {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/node_modules/')))) {
    const path = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (packages[path]) return path;
    if (!at) return undefined; // an optional or peer dependency nothing installed
  }
}

/** The lock with the packages `pkg` reaches and nothing else, and its root entry as `pkg` says. */
export function prunedLock(lock: PackageLock, pkg: PackageJson): PackageLock {
  const kept = new Set<string>();
  const visit = (from: string, names: Versions | undefined) => {
    for (const name of Object.keys(names ?? {})) {
      const path = installedAt(lock.packages, from, name);
      if (!path || kept.has(path)) continue;
      kept.add(path);
      const entry = lock.packages[path];
      visit(path, { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
    }
  };
  visit('', { ...pkg.dependencies, ...pkg.devDependencies });
  const root = { ...lock.packages[''], name: pkg.name, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  const packages = Object.fromEntries([['', root], ...Object.entries(lock.packages).filter(([path]) => kept.has(path))]);
  return { ...lock, name: pkg.name, packages };
}
