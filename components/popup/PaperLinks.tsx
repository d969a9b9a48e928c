/** A paper title with links that search for it on arXiv and Semantic Scholar (built with URL; http(s) only). */
import { arxivTitleSearch, semanticScholarSearch } from '@/lib/popup/safe-url';

export function PaperLinks({ title }: { title: string }) {
  const links = [
    { label: 'arXiv', href: arxivTitleSearch(title) },
    { label: 'Semantic Scholar', href: semanticScholarSearch(title) },
  ];
  return (
    <span class="paper-links">
      {links.map(({ label, href }) =>
        href ? (
          <a key={label} href={href} target="_blank" rel="noopener noreferrer" aria-label={`Search ${label} for “${title}”`}>
            {label}
          </a>
        ) : null,
      )}
    </span>
  );
}
