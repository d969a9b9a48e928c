/**
 * When a text field's error is worth showing: not while the reader is still typing an address that is
 * only half there, but after a pause, on leaving the field, or when they try to save. Once shown, the
 * error follows every keystroke until the value is valid; the next slip waits for a pause again.
 */
import { useEffect, useState } from 'preact/hooks';

export const ERROR_AFTER_PAUSE_MS = 800;

export interface ErrorTiming {
  /** Whether the field's current error, if any, is shown. */
  shown: boolean;
  /** Show it now (leaving the field, saving), if the value is not valid. */
  reveal(): void;
  /** The page, not the reader, set the field's value (the address saved put back): judged as if untouched. */
  reset(): void;
}

/** `value` is the field's text; `valid` whether it passes its check. An empty field is judged only on `reveal`. */
export function useErrorTiming(value: string, valid: boolean): ErrorTiming {
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (valid) setRevealed(false);
  }, [valid]);
  useEffect(() => {
    if (revealed || valid || !value.trim()) return;
    const timer = setTimeout(() => setRevealed(true), ERROR_AFTER_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [value, valid, revealed]);
  return {
    shown: revealed && !valid,
    // A valid value has nothing to show: leaving the field so must not make the reader's next slip show at once.
    reveal: () => !valid && setRevealed(true),
    reset: () => setRevealed(false),
  };
}
