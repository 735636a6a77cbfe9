// The GitHub Actions workflow GitHub Classroom's autograding runs in each student's repository: one test per
// function with its points, each the copy's own `npm run grade -- NAME` (exit code 0 when it passes), reported
// to Classroom by its reporter action. Written with the yaml package, which also reads it back in the tests.
import { stringify } from 'yaml';
import { allFunctions } from '../../curriculum/index.ts';
import { POINTS_PER_FUNCTION } from '../../grader/score.ts';

export const CLASSROOM_WORKFLOW = '.github/workflows/classroom.yml';

/** A step id the reporter can find: it reads each runner's result from the variable ID_RESULTS, upper-cased. */
const stepId = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export function classroomWorkflow(): string {
  const tests = allFunctions().map(({ lesson, spec }) => ({
    name: `${spec.name} (lesson ${lesson.number})`,
    id: stepId(spec.name),
    uses: 'classroom-resources/autograding-command-grader@v1',
    with: {
      'test-name': `${spec.name} (lesson ${lesson.number})`,
      // The type check only ever warns, and one function's grade needs none of the others.
      command: `npm run --silent grade -- ${spec.name} --no-typecheck`,
      timeout: 2,
      'max-score': POINTS_PER_FUNCTION,
    },
  }));
  const workflow = {
    name: 'Autograding',
    on: { push: null, workflow_dispatch: null, repository_dispatch: null },
    permissions: { checks: 'write', actions: 'read', contents: 'read' },
    jobs: {
      autograding: {
        'runs-on': 'ubuntu-latest',
        // Classroom's own commits (the repository's creation) are not a student's work.
        if: "github.actor != 'github-classroom[bot]'",
        'timeout-minutes': 20,
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': 20, cache: 'npm' } },
          { name: 'Install', run: 'npm ci --no-audit --no-fund' },
          ...tests,
          {
            name: 'Report to GitHub Classroom',
            uses: 'classroom-resources/autograding-grading-reporter@v1',
            env: Object.fromEntries(tests.map((test) => [`${test.id.toUpperCase()}_RESULTS`, `\${{ steps.${test.id}.outputs.result }}`])),
            with: { runners: tests.map((test) => test.id).join(',') },
          },
        ],
      },
    },
  };
  return `# Written by npm run release -- --github-classroom: GitHub Classroom grades each push with it.\n${stringify(workflow, { lineWidth: 0 })}`;
}
