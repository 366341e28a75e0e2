// eslint (flat config): type-aware rules where a mistake hides at run time, and dependencies that must be declared (and shipped).
const tseslint = require('typescript-eslint');
const n = require('eslint-plugin-n');

// Packages the published library must not import: devDependencies that are not also peers.
const pkg = require('./package.json');
const DEV_ONLY = Object.keys(pkg.devDependencies).filter((d) => !(d in (pkg.peerDependencies ?? {})));

module.exports = tseslint.config(
  { ignores: ['lib/**', 'dist/**', '.gen/**', 'node_modules/**', 'bench/out/**', 'test-output/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin, n },
    rules: {
      // A promise nobody awaits fails silently (or after the command has printed success).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Every package imported must be declared in package.json.
      'n/no-extraneous-import': 'error',
      'n/no-extraneous-require': 'error',
    },
  },
  {
    // The library (what npm pack ships) may import only dependencies and peers, never a devDependency.
    files: ['src/**/*.ts', 'constructs/**/*.ts', 'cloud-init/**/*.ts', 'templates/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: DEV_ONLY.map((name) => ({ name, message: `${name} is a devDependency: the installed package would not have it` })), patterns: DEV_ONLY.map((name) => ({ group: [`${name}/*`], message: `${name} is a devDependency: the installed package would not have it` })) }] },
  },
);
