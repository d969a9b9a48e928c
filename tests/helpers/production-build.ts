/**
 * Vitest sets NODE_ENV to "test", and a WXT build started from a test inherits it: Vite then compiles
 * JSX for development (`jsxDEV` calls carrying absolute source paths). The suites must build what
 * ships, so their builds run with NODE_ENV "production", as `npm run build` and `npm run zip` do.
 */
export async function asProductionBuild<T>(build: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await build();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
