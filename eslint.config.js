import pluginVue from 'eslint-plugin-vue'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'

export default defineConfigWithVueTs(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.b24ui-nuxt/**'] },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    rules: {
      // Contact data is user input: never render it as HTML (conventions, issue 3 §9).
      'vue/no-v-html': 'error',
      // Formatting is not linted: these rules only fight readable one-line templates.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': ['error', { ignores: ['App'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,vue}'],
    ignores: ['src/b24/**'],
    rules: {
      // Every SDK call stays inside src/b24/ (house rule).
      'no-restricted-imports': ['error', { patterns: [{ group: ['@bitrix24/b24jssdk', '@bitrix24/b24jssdk/*'], message: 'Only src/b24/ may import the SDK.' }] }],
    },
  },
)
