/** A value an extension page is waiting for: still loading, there, or failed with a message to show. */
export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: string };

export const LOADING: Loadable<never> = { state: 'loading' };
