// Lint rules. The import boundary keeps the domain and use-case layers free of frameworks,
// drivers and SDKs (STYLE.md: layers you can see from the folder names).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const frameworkImports = [
  { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'botbuilder lives in src/teams only.' },
  { group: ['restify', 'restify-*'], message: 'restify lives in src/http only.' },
  {
    group: ['@microsoft/microsoft-graph-client', '@microsoft/microsoft-graph-client/*'],
    message: 'Graph lives in src/graph only.',
  },
  { group: ['@azure/identity', '@azure/*'], message: 'Identity and Azure SDKs live in src/graph or src/http.' },
  { group: ['pg', 'pg-*', '@electric-sql/*'], message: 'Database drivers live in src/storage only.' },
  {
    group: ['**/storage/*', '**/teams/*', '**/http/*', '**/graph/*', '**/jobs/*'],
    message: 'domain and app depend on ports, not on adapters.',
  },
];

// Development and test tools (the Graph stand-in) are never part of the app: nothing in src/ imports them.
const toolImports = [
  {
    group: ['**/tools/**'],
    message: 'tools/ (the Graph stand-in) is for development and tests only; src/ must not import it.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: toolImports }] },
  },
  {
    // Handlers parse, call a use case and render: case data through the turn's repositories, nothing else.
    files: ['src/teams/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...toolImports,
            {
              group: ['**/storage/*', 'pg', '@electric-sql/*'],
              message: 'handlers reach data through the turn (repositories, directory), not storage.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...frameworkImports, ...toolImports] }] },
  },
  {
    // The tab's browser code: DOM globals, no Node.
    files: ['src/web/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**/*.ts', 'scripts/**/*.mjs', 'test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
);
