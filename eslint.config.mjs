// ESLint flat config: Next's rules (core web vitals + TypeScript) plus the project's boundaries.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const yjsOnlyInBoardModule = {
  paths: [
    { name: 'yjs', message: 'Only lib/board/ touches the Y.Doc: use its typed helpers.' },
    { name: 'y-websocket', message: 'Only lib/board/ opens sync connections.' },
    { name: 'y-protocols/awareness', message: 'Only lib/board/ touches awareness.' },
    { name: 'y-utility/y-keyvalue', message: 'Only lib/board/ knows the document layout.' },
  ],
};

const config = [
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'dist/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // UI code reaches the board document only through lib/board/.
    files: ['app/**', 'components/**'],
    rules: { 'no-restricted-imports': ['error', yjsOnlyInBoardModule] },
  },
  {
    // The server never imports the UI.
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '**/components/**'],
              message: 'server/ must not import app/ or components/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser code never imports the server.
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...yjsOnlyInBoardModule,
          patterns: [{ group: ['**/server/**'], message: 'Browser code must not import server/.' }],
        },
      ],
    },
  },
  {
    // lib/board/ owns the document, so it may use Yjs directly; so may the wire codec.
    files: ['lib/board/**', 'lib/wire.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], message: 'Browser code must not import server/.' }] },
      ],
    },
  },
  {
    // Playwright fixtures call their callback `use`, which is not React's.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Tests may start a real server from anywhere.
    files: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
];
export default config;
