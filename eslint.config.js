// Lint: typescript-eslint's recommended rules, plus the architecture rules: the core stays pure
// (common/, forecasting/, ingest/ and alerting/ import no adapters: express, influx, socket.io, cron, fs, process env),
// common/ (the rules every layer shares, down to the page) imports none of the layers either, the
// page imports nothing of the service but the contract's types (zod stays out of its bundle), and in
// service/ process.env is read by config.ts alone and the time of day comes from the Clock.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const adapters = [
  'express',
  'influx',
  'socket.io',
  'socket.io-client',
  'node-cron',
  'nodemailer',
  'pino',
  'bullmq',
  'ioredis',
];
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-artifacts/**',
      '.pulsecast/**',
      'bin/**',
      'test/support/summary-reporter.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  pureCore(
    ['forecasting/**/*.ts', 'ingest/**/*.ts', 'alerting/**/*.ts'],
    [],
    [{ group: ['**/service/**'], message: 'dependencies point inward: the core never imports service/' }],
  ),
  pureCore(
    ['common/**/*.ts'],
    [],
    ['service', 'ingest', 'forecasting', 'dashboard'].map((layer) => ({
      group: [`**/${layer}/**`],
      message: `common/ is shared by every layer, so it imports none of them (${layer}/ here)`,
    })),
  ),
  {
    files: ['dashboard/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', allowTypeImports: true, message: 'the page takes types from the contract, not zod' }],
          patterns: [
            {
              group: ['**/service/**', '!**/service/contract', '!**/service/contract/**'],
              message: 'the page imports only the contract (service/contract)',
            },
            {
              group: ['**/service/contract', '**/service/contract/**'],
              allowTypeImports: true,
              message: 'import type from the contract: its schemas are values that would bring zod into the bundle',
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read once, in config.ts; the time of day comes from the injected Clock.
    files: ['service/**/*.ts'],
    ignores: ['service/config.ts', 'service/clock.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'process.env is read in service/config.ts only' },
        { object: 'Date', property: 'now', message: 'the time comes from the injected Clock (service/clock.ts)' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the time comes from the injected Clock (service/clock.ts)',
        },
      ],
    },
  },
);

/** The purity rule for `files`: no adapters, no I/O, no environment, and none of the `patterns` imports. */
function pureCore(files, ignores, patterns) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...adapters, ...io].map((name) => ({ name, message: 'the core is pure: adapters live in service/' })),
          patterns,
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'the core reads no environment; configuration is passed in' },
      ],
    },
  };
}
