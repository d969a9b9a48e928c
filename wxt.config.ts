import { defineConfig } from 'wxt';

// JSX compiles to Preact through tsconfig's `jsxImportSource`; no framework module is needed.
export default defineConfig({
  manifest: {
    name: 'Method Lens',
    description:
      'Marks ML method names on arXiv and Semantic Scholar by their standing in a living systematic review.',
    permissions: ['storage', 'alarms'],
    host_permissions: ['https://arxiv.org/*', 'https://www.semanticscholar.org/*'],
  },
});
