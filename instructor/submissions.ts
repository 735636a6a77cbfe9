// What a class's SUBMISSIONS folder holds, as one entry per student, without changing anything in it:
// - a folder per student, laid out like lessons/ or holding a lessons/ folder somewhere inside (a cloned
//   repository), Moodle's `Full Name_123456_assignsubmission_file_` folders among them;
// - a .zip per student (unzip.ts opens it);
// - Canvas's flat download, every file named `name_[late_]userid_submissionid_file.ts`, one student's files
//   gathered by user id.
// A manifest (CSV: submission, student_id, name) names the students where the names do not.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Source =
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 'zip'; readonly path: string }
  /** Canvas's flat files of one student: the file names as uploaded (`exercise.ts`), and where each is. */
  | { readonly kind: 'files'; readonly files: readonly { readonly path: string; readonly uploaded: string }[] };

export interface Student {
  readonly id: string;
  readonly name?: string;
}

export interface Submission {
  /** What it is in SUBMISSIONS: a folder's or a zip's name, or `canvas:<user id>` for flat files. */
  readonly label: string;
  readonly student: Student;
  readonly source: Source;
}

export interface Found {
  readonly submissions: readonly Submission[];
  /** Entries that are no submission (a stray notes.txt, a link), by name: said, never graded. */
  readonly ignored: readonly string[];
}

/** A manifest's rows: the label of a submission and whom it belongs to. */
export type Manifest = ReadonlyMap<string, Student>;

const CANVAS_FILE = /^(?<name>[^_]+)_(?:late_)?(?<id>\d+)_(?<submission>\d+)_(?<uploaded>.+)$/i;
const MOODLE_FOLDER = /^(?<name>.+)_(?<id>\d+)_assign(?:submission|feedback)_[a-z]+_?$/i;

/** The student a submission belongs to: from the manifest, else from the LMS's naming, else its own name. */
function studentOf(label: string, manifest: Manifest, fromName?: Student): Student {
  return manifest.get(label) ?? fromName ?? { id: label.replace(/\.zip$/i, '') };
}

/** Every submission in `folder`, sorted by label; links and other entries are ignored, never followed. */
export function findSubmissions(folder: string, manifest: Manifest = new Map()): Found {
  const submissions: Submission[] = [];
  const ignored: string[] = [];
  const canvas = new Map<string, { name: string; files: { path: string; uploaded: string }[] }>();
  for (const entry of readdirSync(folder).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(folder, entry);
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      const moodle = MOODLE_FOLDER.exec(entry)?.groups;
      submissions.push({ label: entry, student: studentOf(entry, manifest, moodle ? { id: moodle.id, name: moodle.name } : undefined), source: { kind: 'folder', path } });
      continue;
    }
    const flat = stats.isFile() ? CANVAS_FILE.exec(entry)?.groups : undefined;
    if (stats.isFile() && /\.zip$/i.test(entry)) {
      // Canvas names an uploaded zip as it names any file: the student is its user id.
      submissions.push({ label: entry, student: studentOf(entry, manifest, flat ? { id: flat.id, name: flat.name } : undefined), source: { kind: 'zip', path } });
    } else if (flat) {
      const files = canvas.get(flat.id) ?? { name: flat.name, files: [] };
      files.files.push({ path, uploaded: flat.uploaded });
      canvas.set(flat.id, files);
    } else {
      ignored.push(entry);
    }
  }
  for (const [id, { name, files }] of canvas) {
    const label = `canvas:${id}`;
    submissions.push({ label, student: studentOf(label, manifest, { id, name }), source: { kind: 'files', files } });
  }
  return { submissions: submissions.sort((a, b) => a.label.localeCompare(b.label)), ignored };
}
