import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import root from '../../eslint.config.js';

// The repository's rules, plus Vue's for single-file components; ESLint picks this file up because
// the console's lint runs from here.
export default tseslint.config(
  ...root,
  ...pluginVue.configs['flat/recommended'],
  // Both this file and the root one register themselves with typescript-eslint; say which one rules.
  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: tseslint.configs.eslintRecommended.rules,
  },
);
