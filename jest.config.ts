import type { Config } from 'jest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Path aliases come from tsconfig.base.json so that there is one list of them.
const tsconfig = JSON.parse(readFileSync(join(__dirname, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const moduleNameMapper: Record<string, string> = {};
for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/.]/g, '\\$&')}$`] = `<rootDir>/${target.replace(/^\.\//, '')}`;
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// NestJS 12 ships ESM only: Jest (CommonJS mode) lets swc transform those packages too.
// content-disposition 3 (under @fastify/static) too, where npm nested it.
const esmOnly = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit', 'content-disposition'];

const config: Config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,migrations,bench}/**/*.{spec,e2e-spec}.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc as never },
  transformIgnorePatterns: [`/node_modules/(?!(?:.*/node_modules/)?(?:${esmOnly.join('|')})/)`],
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/platform/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/platform/testing/src/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
