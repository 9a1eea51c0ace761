import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import noControllerInRender from './eslint/no-controller-in-render.js';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'playwright-report', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Small files with one job (STYLE.md): past 400 lines a file holds two ideas; split it.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/views/**/*.tsx', 'src/views/**/*.ts', 'src/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Views only select from the store (ARCHITECTURE.md, "one way for the trace to reach the
    // views"): they call the controllers from handlers and effects, never while rendering, and
    // change the store only through the controllers' functions.
    files: ['src/views/**/*.tsx', 'src/views/**/*.ts'],
    plugins: { netsplit: { rules: { 'no-controller-in-render': noControllerInRender } } },
    rules: {
      'netsplit/no-controller-in-render': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='setState'][callee.object.name=/^use[A-Z]/]",
          message:
            'Views do not write the store: call the controller (e.g. dismissNotice, inspect, showNotice).',
        },
      ],
    },
  },

  {
    // The engine owns time and chance: protocol and engine code may not read the wall
    // clock or an unseeded random source (ARCHITECTURE.md, guarantee 1).
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts', 'src/engine/host/worker-host.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use ctx.random() or a seeded stream.' },
        { object: 'Date', property: 'now', message: 'Use virtual time (ctx.now()).' },
        { object: 'performance', property: 'now', message: 'Use virtual time (ctx.now()).' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use ctx.setTimer(); the engine owns time.' },
        { name: 'setInterval', message: 'Use ctx.setTimer(); the engine owns time.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', '*/views/*', '*/state/*'] },
      ],
    },
  },
);
