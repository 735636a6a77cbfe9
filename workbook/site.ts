// Where the workbook's pages and assets are: served live by `npm run workbook` (server.ts), or written as files
// by `--export DIR` for an instructor to host anywhere. Both link by relative addresses: an exported folder can go
// under any path, and the live pages, all one step under the run's token (`/TOKEN/`, `/TOKEN/01-euclidean`), carry
// the token in every link without naming it.
import { lessonFolder, type LessonSpec } from '../curriculum/index.ts';

export interface Site {
  /** Served by the workbook's own server: live verdicts, hints and the query box. */
  readonly live: boolean;
  /** The first page: the progress page live, the list of lessons in an export. */
  readonly home: string;
  lesson(lesson: Pick<LessonSpec, 'number' | 'slug'>): string;
  /** A file of assets/ (styles, the script, KaTeX's stylesheet and fonts). */
  asset(path: string): string;
}

export const LIVE_SITE: Site = {
  live: true,
  home: './',
  lesson: (lesson) => lessonFolder(lesson),
  asset: (path) => `assets/${path}`,
};

export const STATIC_SITE: Site = {
  live: false,
  home: 'index.html',
  lesson: (lesson) => `${lessonFolder(lesson)}.html`,
  asset: (path) => `assets/${path}`,
};
