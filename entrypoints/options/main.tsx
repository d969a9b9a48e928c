/** The options page: snapshot source, refresh interval, marks and sites, muted methods, status colours. */
import '@/lib/zod-jitless';
import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/hover-card.css';
import '@/components/extension-page.css';
import '@/components/options.css';

render(<OptionsApp />, document.getElementById('app')!);
