// eslint (flat config): type-aware rules where a mistake hides at run time, and dependencies that must be declared.
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

module.exports = tseslint.config(
  { ignores: ['lib/**', 'dist/**', '.gen/**', 'node_modules/**', 'bench/out/**', 'test-output/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    rules: {
      // A promise nobody awaits fails silently (or after the command has printed success).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // What the library imports must be a dependency (or a peer) of the package, not a devDependency.
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'test-vm/**', 'bench/**', 'scripts/**'], peerDependencies: true }],
    },
  },
);
