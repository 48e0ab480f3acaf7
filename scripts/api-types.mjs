// The API contract's checked-in artefacts, generated from the app itself:
//   docs/openapi.json               the OpenAPI document (the contract's reference)
//   apps/admin/src/lib/api-types.ts the admin UI's types (openapi-typescript)
// Usage (after `tsc -p tsconfig.build.json`, which `npm run api:types` runs):
//   node scripts/api-types.mjs            write both
//   node scripts/api-types.mjs --check    exit 1, naming the stale file, when either differs from what the code gives
//   node scripts/api-types.mjs --out DIR  write both under DIR instead (tests)
// The document comes from dist/apps/api/src/openapi-main.js, which creates the
// app without initialising it: no database or Redis is needed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = 'docs/openapi.json';
export const API_TYPES_FILE = 'apps/admin/src/lib/api-types.ts';

const HEADER = `// Generated from docs/openapi.json by \`npm run api:types\` (openapi-typescript): do not edit.
// \`npm run lint\` fails when it is stale. The UI names these types in types.ts.

`;

async function formatted(text, file) {
  const options = (await prettier.resolveConfig(join(root, file))) ?? {};
  return prettier.format(text, { ...options, filepath: join(root, file) });
}

/** Both files' contents as the code gives them now. */
export async function renderContract() {
  const json = execFileSync(process.execPath, [join(root, 'dist/apps/api/src/openapi-main.js')], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  const document = JSON.parse(json);
  const types = HEADER + astToString(await openapiTS(document, { alphabetize: false, exportType: false }));
  return {
    [OPENAPI_FILE]: await formatted(JSON.stringify(document, null, 2), OPENAPI_FILE),
    [API_TYPES_FILE]: await formatted(types, API_TYPES_FILE),
  };
}

async function main(args) {
  const check = args.includes('--check');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? resolve(args[outAt + 1]) : root;
  const files = await renderContract();
  const stale = [];
  for (const [file, text] of Object.entries(files)) {
    const target = join(out, file);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== text) stale.push(file);
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  if (stale.length > 0) {
    console.error(`api:types: ${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run npm run api:types and commit the result`);
    process.exit(1);
  }
  if (!check) console.log(`api:types: wrote ${Object.keys(files).join(', ')}${out === root ? '' : ` under ${out}`}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`api:types: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
