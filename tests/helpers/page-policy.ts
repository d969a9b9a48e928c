/** A strict page policy, for the browser suites: what a page under it may do, and proof that it is in force. */

/** Nothing of the page's own may run, load, style itself inline or connect. */
export const STRICT_CSP = "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; font-src 'none'; connect-src 'none'";

/**
 * Runs in the page: adds an inline style of the page's own and resolves with the directive it violated
 * ('none' when nothing was refused within 2 s).
 */
export function inlineStyleRefusal(): Promise<string> {
  return new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true });
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
    setTimeout(() => resolve('none'), 2_000);
  });
}
