import { describe, expect, it } from 'vitest';
import { findLesson } from '../curriculum/index.ts';
import { DEFAULT_SEED, type GradeOptions, type LessonToGrade } from './grade.ts';
import { casesOf, drawCasesAhead } from './pipeline.ts';

const lesson = findLesson('01')!;
const toGrade: LessonToGrade[] = [{ lesson, specs: lesson.functions, key: { file: '01-euclidean/exercise.ts', seed: DEFAULT_SEED, functions: [], counterexamples: false }, kept: undefined }];
const options = (seed: number): Required<GradeOptions> => ({ submission: '/nowhere', functions: [], seed, typecheck: false, counterexamples: false, cache: false, keepCases: false, hiddenCases: new Map() });
/** The serialized calls of the function whose cases carry the counting key: they differ from key to key. */
const countedCalls = async (tables: ReadonlyMap<string, Promise<{ calls: readonly Uint8Array[] }>>) => (await tables.get('euclideanMatrixSymmetric')!).calls.map((bytes) => Buffer.from(bytes).toString('hex')).join();

describe('cases drawn ahead (the watch mode, between saves)', () => {
  it('are taken by the next grade with the same seed, once: the grade after draws its own, under a fresh key', async () => {
    const drawn = drawCasesAhead(7, false);
    const [first] = casesOf(toGrade, options(7));
    for (const spec of lesson.functions) expect(first!.get(spec.name)).toBe(drawn.get(spec.name));
    const [second] = casesOf(toGrade, options(7));
    expect(second!.get('euclidean')).not.toBe(drawn.get('euclidean'));
    expect(await countedCalls(second!)).not.toBe(await countedCalls(first!));
  });

  it('are left for a grade with another seed, or that keeps no cases where they were kept', () => {
    const drawn = drawCasesAhead(7, true);
    const [otherSeed] = casesOf(toGrade, options(8));
    expect(otherSeed!.get('euclidean')).not.toBe(drawn.get('euclidean'));
    const drawnAgain = drawCasesAhead(7, true);
    const [unkept] = casesOf(toGrade, options(7));
    expect(unkept!.get('euclidean')).not.toBe(drawnAgain.get('euclidean'));
  });

  it('are not built for a lesson whose results were kept', () => {
    expect(casesOf([{ ...toGrade[0], kept: { results: [], files: [], layers: [] } }], options(7))).toEqual([undefined]);
  });
});
