/** Whether method names are marked at all, and on which sites. */
import type { SiteSwitches } from '@/lib/settings/items';
import { SITE_SWITCH_LABELS } from '@/lib/settings/site-switch-labels';

export interface MarksSectionProps {
  marksEnabled: boolean;
  sites: SiteSwitches;
  onMarksEnabled: (enabled: boolean) => void;
  onSite: (site: keyof SiteSwitches, enabled: boolean) => void;
}

/** What a switch covers beyond the site its label names. */
const SITE_NOTES: Partial<Record<keyof SiteSwitches, string>> = {
  arxiv: 'arXiv includes ar5iv, arXiv Labs’ HTML of the papers arXiv has no HTML version of (most from before December 2023).',
};

export function MarksSection({ marksEnabled, sites, onMarksEnabled, onSite }: MarksSectionProps) {
  return (
    <section class="options-section" aria-labelledby="marks-title">
      <h2 id="marks-title">Marks on pages</h2>
      <label class="check">
        <input type="checkbox" checked={marksEnabled} onChange={(event) => onMarksEnabled(event.currentTarget.checked)} />
        Mark method names on paper pages
      </label>
      <fieldset class="sites" disabled={!marksEnabled}>
        <legend>Sites</legend>
        {(Object.keys(SITE_SWITCH_LABELS) as (keyof SiteSwitches)[]).map((site) => (
          <label class="check" key={site}>
            <input
              type="checkbox"
              checked={sites[site]}
              aria-describedby={SITE_NOTES[site] ? `site-note-${site}` : undefined}
              onChange={(event) => onSite(site, event.currentTarget.checked)}
            />
            {SITE_SWITCH_LABELS[site]}
          </label>
        ))}
        {(Object.entries(SITE_NOTES) as [keyof SiteSwitches, string][]).map(([site, note]) => (
          <p class="hint" id={`site-note-${site}`} key={site}>
            {note}
          </p>
        ))}
      </fieldset>
    </section>
  );
}
