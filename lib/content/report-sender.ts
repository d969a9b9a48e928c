/**
 * The page's reports to the background (`reportMentions`). A report the background could not keep (its
 * session storage refused the write, its store could not be read: the reply says it failed) is sent
 * again a little later: the page sends nothing more while it does not change (a rescan that finds the
 * same says nothing), and its badge and popup would otherwise miss it until then.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The waits before each new try: a few, each longer, about 40 s in all; then the page's next change reports. */
export const REPORT_RETRY_DELAYS_MS = [2_000, 8_000, 32_000];

/**
 * A report is sent again only while it is the last one: a newer one (the page changed, or the tab moved
 * on to another page) speaks for the page instead. The waits are `ctx`'s: a script the extension left
 * (updated or removed under the page) tries nothing again.
 */
export function reportSender<Report>(ctx: Pick<ContentScriptContext, 'setTimeout'>, send: (report: Report) => Promise<unknown>): (report: Report) => void {
  let latest = 0;
  return (report) => {
    const sent = ++latest;
    const attempt = (tries: number): void =>
      void send(report).catch(() => {
        const delay = REPORT_RETRY_DELAYS_MS[tries];
        if (delay !== undefined && sent === latest) ctx.setTimeout(() => sent === latest && attempt(tries + 1), delay);
      });
    attempt(0);
  };
}
