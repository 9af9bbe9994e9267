// ESLint flat config. Import rules follow bulletproof-react: code flows shared -> features -> app.
// shared/ imports neither features/ nor app/; a feature imports shared/ only (never app/, never
// another feature); app/ composes everything.
import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const featureZones = features.map((feature) => ({
  target: `./src/features/${feature}`,
  from: './src/features',
  except: [`./${feature}`],
  message: 'A feature must not import another feature: compose them in src/app.',
}));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'e2e/screenshots'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
    plugins: {
      'react-hooks': reactHooks,
      'import-x': importX,
      'jsx-a11y': jsxA11y,
    },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: './tsconfig.app.json' }),
      ],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // antd form controls get their label through Form.Item (htmlFor/id), which the rule cannot see.
      'jsx-a11y/label-has-associated-control': 'off',
      // Login and sign-in pages focus their first field on purpose.
      'jsx-a11y/no-autofocus': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Every antd Form and <form> sets noValidate: Chromium's own validation bubbles would cover
      // the form's messages (which name the field, in the page's language).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "JSXOpeningElement[name.name=/^(Form|form)$/]:not(:has(JSXAttribute[name.name='noValidate']))",
          message: 'Set noValidate on every form (the browser bubbles cover our messages).',
        },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/shared',
              from: ['./src/features', './src/app'],
              message: 'shared/ must not depend on features/ or app/.',
            },
            {
              target: './src/features',
              from: './src/app',
              message: 'A feature must not import from src/app.',
            },
            ...featureZones,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}', 'vite.config.ts'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
    },
    extends: [js.configs.recommended],
  },
  {
    // Browser tests run functions inside the page (page.evaluate): both sets of globals apply.
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);
