#!/usr/bin/env node
// Creates a new library under packages/<name> with the same files, scripts, exports and tags as its siblings:
//   node tools/new-package.mjs <name> "<description>" [--layer l1|l2]
// Afterwards: add its tag to the depConstraints in eslint.config.mjs, then run `npm install` to link it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, description = '', ...rest] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: node tools/new-package.mjs <kebab-case-name> "<description>" [--layer l1|l2]');
  process.exit(2);
}
const layer = rest.includes('--layer') ? rest[rest.indexOf('--layer') + 1] : 'l2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'packages', name);
if (existsSync(dir)) {
  console.error(`packages/${name} already exists`);
  process.exit(1);
}

const dependencies = { '@agent33/observability': '0.1.0', ...(layer === 'l2' ? { '@agent33/runtime': '0.1.0' } : {}) };
const manifest = {
  name: `@agent33/${name}`,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20.19' },
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      '@agent33/source': './src/index.ts',
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist', 'README.md', 'CHANGELOG.md'],
  publishConfig: { access: 'public' },
  scripts: {
    build: 'tsup',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    test: 'vitest run',
    lint: 'eslint .',
    'check-package': 'publint && attw --pack . --profile node16',
    bench: 'tsx --conditions=@agent33/source bench/run.ts',
  },
  dependencies,
  peerDependencies: { '@opentelemetry/api': '^1.9.0' },
  devDependencies: { '@opentelemetry/api': '1.9.1' },
  nx: { tags: ['type:lib', `pkg:${name}`] },
};

const files = {
  'package.json': JSON.stringify(manifest, null, 2) + '\n',
  'tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', 'test', 'bench', '*.config.ts'] }, null, 2) + '\n',
  'tsconfig.lib.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, outDir: 'dist' }, include: ['src'], exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts', 'test', 'bench'] }, null, 2) + '\n',
  'tsup.config.ts': `import { defineConfig } from 'tsup';\n\n// One entry per public subpath, mirrored in package.json "exports".\nexport default defineConfig({\n  entry: { index: 'src/index.ts' },\n  format: ['esm', 'cjs'],\n  dts: true,\n  sourcemap: true,\n  clean: true,\n  target: 'node20',\n  shims: true,\n  tsconfig: 'tsconfig.lib.json',\n});\n`,
  'vitest.config.ts': `import { defineConfig, mergeConfig } from 'vitest/config';\nimport shared from '../../vitest.shared.js';\n\nexport default mergeConfig(shared, defineConfig({}));\n`,
  'bench/run.ts': `// Runs every bench/*.cases.ts of @agent33/${name}: ours beside the named peer, one BENCH line per case.\nimport { dirname, join } from 'node:path';\nimport { fileURLToPath } from 'node:url';\nimport { runBenchFolder } from '../../../tools/bench/harness.js';\n\nawait runBenchFolder({ projectDir: join(dirname(fileURLToPath(import.meta.url)), '..'), project: '@agent33/${name}' });\n`,
  'src/index.ts': '',
  'README.md': `# @agent33/${name}\n\n${description}\n\n## Install\n\n\`\`\`sh\nnpm install @agent33/${name} @opentelemetry/api\n\`\`\`\n`,
};
for (const [file, content] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), content);
}
console.log(`created packages/${name}; next: add "pkg:${name}" to depConstraints in eslint.config.mjs, write src/index.ts and a first test, run npm install`);
