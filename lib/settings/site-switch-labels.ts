/** What the options page calls each site switch; the popup names the switch a page depends on the same way. */
import type { SiteSwitches } from './items';

export const SITE_SWITCH_LABELS: Record<keyof SiteSwitches, string> = { arxiv: 'arXiv', semanticScholar: 'Semantic Scholar' };
