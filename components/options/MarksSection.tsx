/** Whether method names are marked at all, and on which sites. */
import type { SiteSwitches } from '@/lib/settings/items';

export interface MarksSectionProps {
  marksEnabled: boolean;
  sites: SiteSwitches;
  onMarksEnabled: (enabled: boolean) => void;
  onSites: (sites: SiteSwitches) => void;
}

const SITE_LABELS: Record<keyof SiteSwitches, string> = { arxiv: 'arXiv', semanticScholar: 'Semantic Scholar' };

export function MarksSection({ marksEnabled, sites, onMarksEnabled, onSites }: MarksSectionProps) {
  return (
    <section class="options-section" aria-labelledby="marks-title">
      <h2 id="marks-title">Marks on pages</h2>
      <label class="check">
        <input type="checkbox" checked={marksEnabled} onChange={(event) => onMarksEnabled(event.currentTarget.checked)} />
        Mark method names on paper pages
      </label>
      <fieldset class="sites" disabled={!marksEnabled}>
        <legend>Sites</legend>
        {(Object.keys(SITE_LABELS) as (keyof SiteSwitches)[]).map((site) => (
          <label class="check" key={site}>
            <input
              type="checkbox"
              checked={sites[site]}
              onChange={(event) => onSites({ ...sites, [site]: event.currentTarget.checked })}
            />
            {SITE_LABELS[site]}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
