// Lint: TypeScript rules plus the import directions of STYLE.md, enforced per layer:
//   http -> views, modules · cli, importers -> modules · modules -> db, text, lib
//   never modules -> http/views, views -> db, db/text/lib -> domain layers.
import tseslint from 'typescript-eslint'

// `typeOnly` patterns may still be imported with `import type` (views render domain types).
const layer = (files, patterns, message, typeOnly = []) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          ...patterns.map((group) => ({ group: [group], message })),
          ...typeOnly.map((group) => ({ group: [group], message, allowTypeImports: true })),
        ],
      },
    ],
  },
})

const httpLibs = ['fastify', 'fastify-*', '@fastify/*']
const dbLibs = ['kysely', 'better-sqlite3', 'pg']

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'dist/', 'bench/out/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Raw HTML only through views/trusted-html.tsx (RawHtml, JsonLd).' },
      ],
    },
  },
  { files: ['src/views/trusted-html.tsx'], rules: { 'no-restricted-syntax': 'off' } },
  // bin/ is CommonJS (bin/package.json): the command starts without an ES module loader.
  { files: ['bin/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  layer(['src/modules/**'], ['**/http/**', '**/views/**', '**/cli/**', '**/importers/**', ...httpLibs, 'preact', 'preact/*', 'preact-render-to-string'], 'modules own the domain: no HTTP, views or CLI (STYLE.md).'),
  layer(['src/views/**'], ['**/db/**', '**/http/**', '**/cli/**', ...dbLibs, ...httpLibs], 'views render data they are given: no database, no HTTP, no services (STYLE.md).', ['**/modules/**']),
  layer(['src/db/**'], ['**/modules/**', '**/http/**', '**/views/**', '**/cli/**', ...httpLibs], 'db knows tables, not the domain or HTTP.'),
  layer(['src/text/**', 'src/lib/**'], ['**/modules/**', '**/http/**', '**/views/**', '**/db/**', '**/cli/**', ...httpLibs, ...dbLibs], 'text/ and lib/ are pure helpers with no domain knowledge.'),
  layer(['src/cli/**', 'src/importers/**'], ['**/http/**', '**/views/**', ...httpLibs], 'the CLI and importers call modules (services), never HTTP or views.'),
)
