/**
 * The `performance.measure` names the content script writes, read by the browser tests and the
 * benchmarks (`bench:scan`, `bench:scan-ab`): a contract, kept stable.
 */
/** Every scan pass, from reading the text to registering the highlights (detail: marks, slices, phases…). */
export const SCAN_MEASURE = 'method-lens:scan';
/** Asking the background for the match dictionary, answer included. */
export const DICTIONARY_MEASURE = 'method-lens:dictionary';
/** Building the matcher from the dictionary (detail: the number of names). */
export const COMPILE_MEASURE = 'method-lens:compile';
