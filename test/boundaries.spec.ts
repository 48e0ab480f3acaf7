/**
 * The layout rules `npm run lint` enforces (scripts/check-boundaries.mjs with
 * .dependency-cruiser.js): a small tree of apps and libs that keeps every rule
 * passes, and one violating import of each kind fails with that rule's name.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './support/processes';

const CHECK = join(REPO_ROOT, 'scripts/check-boundaries.mjs');

/** Two apps and two libs, each lib imported through its index: no violation. */
const CLEAN_TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'node20', moduleResolution: 'node16', baseUrl: '.', paths: { '@killswitch/*': ['libs/*/src'] } },
  }),
  'apps/api/src/main.ts':
    "import { service } from '@killswitch/orders';\nimport { helper } from './helper';\nexport const main = () => service() + helper();\n",
  'apps/api/src/helper.ts': 'export const helper = () => 1;\n',
  'apps/cli/src/main.ts': "import { money } from '@killswitch/money';\nexport const main = () => money(1);\n",
  'libs/orders/src/index.ts': "export * from './orders.service';\n",
  'libs/orders/src/orders.service.ts':
    "import { money } from '@killswitch/money';\nimport { rows } from './orders.repository';\nexport const service = () => money(rows());\n",
  'libs/orders/src/orders.repository.ts': 'export const rows = () => 2;\n',
  'libs/money/src/index.ts': "export * from './money';\n",
  'libs/money/src/money.ts': 'export const money = (n: number) => n * 100;\n',
  'libs/money/sub/src/index.ts': 'export const nested = 1;\n',
  'test/support/harness.ts': "import { main } from '../../apps/api/src/main';\nexport const run = () => main();\n",
};

function check(extra: Record<string, string>): { code: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  try {
    for (const [file, text] of Object.entries({ ...CLEAN_TREE, ...extra })) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const run = spawnSync(process.execPath, [CHECK], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    return { code: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

jest.setTimeout(120_000);

describe('layout rules (dependency-cruiser, npm run lint)', () => {
  it('pass a tree where apps wire libs through their index and libs import each other through theirs', () => {
    const result = check({});
    expect(result.output).toMatch(/no violation/);
    expect(result.code).toBe(0);
  });

  // One tree with one violation of each rule, each in files of its own: a run takes seconds, so all in one run.
  it('fail with each rule naming its own violating import, and exit code 1', () => {
    const result = check({
      // a lib imports an app
      'libs/money/src/audit.ts': "import { helper } from '../../../apps/api/src/helper';\nexport const audit = () => helper();\n",
      // an app imports another app's file
      'apps/cli/src/status.ts': "import { helper } from '../../api/src/helper';\nexport const status = () => helper();\n",
      // an app, and a lib, import a lib's file past its index; an app imports a lib nested inside a lib
      'apps/cli/src/deep.ts': "import { money } from '../../../libs/money/src/money';\nexport const deep = () => money(1);\n",
      'libs/orders/src/totals.ts': "import { money } from '../../money/src/money';\nexport const totals = () => money(2);\n",
      'apps/cli/src/nested.ts': "import { nested } from '@killswitch/money/sub';\nexport const n = () => nested;\n",
      // two files of a lib import each other
      'libs/orders/src/left.ts': "import { right } from './right';\nexport const left = () => right;\n",
      'libs/orders/src/right.ts': "import { left } from './left';\nexport const right = () => left;\n",
      // two libs import each other through different files, without a cycle between files
      'libs/money/src/rates.ts': "import { service } from '@killswitch/orders';\nexport const rate = () => service();\n",
      // an import that resolves to nothing
      'apps/api/src/typo.ts': "import { x } from '@killswitch/nope';\nexport const typo = () => x;\n",
    });
    const errors = result.output
      .split('\n')
      .filter((line) => /^\s*error /.test(line))
      .map((line) => line.trim());
    expect(errors).toEqual(
      expect.arrayContaining([
        'error lib-imports-app: libs/money/src/audit.ts → apps/api/src/helper.ts',
        'error app-imports-other-app: apps/cli/src/status.ts → apps/api/src/helper.ts',
        'error lib-deep-import: apps/cli/src/deep.ts → libs/money/src/money.ts',
        'error lib-deep-import: libs/orders/src/totals.ts → libs/money/src/money.ts',
        'error lib-deep-import: apps/cli/src/nested.ts → libs/money/sub/src/index.ts',
        'error no-circular: libs/orders/src/left.ts → libs/orders/src/right.ts',
        'error no-circular: libs/orders/src/right.ts → libs/orders/src/left.ts',
        'error lib-cycle: libs/money → libs/orders → libs/money',
        'error not-to-unresolvable: apps/api/src/typo.ts → @killswitch/nope',
      ]),
    );
    // nothing else: the clean part of the tree raises no error
    expect(errors).toHaveLength(9);
    expect(result.code).toBe(1);
  });
});
