import { describe, expect, it } from 'vitest';
import { checkSourceUrl } from '@/lib/snapshot/source-url';

describe('checkSourceUrl', () => {
  it.each([
    ['https://kb.example.org/snapshot/index.json', 'https://kb.example.org/snapshot/index.json'],
    ['  https://kb.example.org/snapshot/  ', 'https://kb.example.org/snapshot/index.json'],
    ['http://127.0.0.1:8080/index.json', 'http://127.0.0.1:8080/index.json'],
    ['http://localhost:3000/snap/', 'http://localhost:3000/snap/index.json'],
    ['https://kb.example.org/index.json#top', 'https://kb.example.org/index.json'],
    // Spaces past the host are the path's, escaped as a browser would.
    ['https://kb.example.org/my kb/index.json?token=a%20b', 'https://kb.example.org/my%20kb/index.json?token=a%20b'],
  ])('accepts %s', (input, url) => {
    expect(checkSourceUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Enter the address/],
    ['kb.example.org/index.json', /not a web address/],
    ['http://kb.example.org/index.json', /Use https:\/\//],
    ['http://192.168.1.2/index.json', /only allowed for localhost/],
    ['http://[::1]:8080/index.json', /only allowed for localhost and 127.0.0.1/],
    ['javascript:alert(1)', /javascript: are not allowed/],
    ['data:application/json,{}', /data: are not allowed/],
    ['ftp://kb.example.org/index.json', /ftp: are not allowed/],
    ['https://user:secret@kb.example.org/index.json', /user name and password/],
    ['localhost:8080/index.json', /^Start the address with https:\/\/ \(or http:\/\/ for localhost and 127\.0\.0\.1\): http:\/\/localhost:8080\/index\.json$/],
    ['127.0.0.1:8080', /^Start the address with https:\/\//],
    ['kb.example.org:443/kb/index.json', /^Start the address with https:\/\//],
    ['https://exa mple.org/index.json', /^The host name in that address holds a space or a %/],
    ['https://exa%20mple.org/index.json', /^The host name in that address holds a space or a %/],
    // It does start with https://: what is wrong is past it, and saying to start so would mislead.
    ['https://kb.example.org:84430/index.json', /^The host name or port in that address cannot be right/],
    ['https://kb.example.org:8o80/index.json', /^The host name or port in that address cannot be right/],
    ['https://', /^The host name or port in that address cannot be right/],
  ])('refuses %s with a clear reason', (input, reason) => {
    const check = checkSourceUrl(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(reason);
  });

  it('takes the invisible characters a copied address often carries at its ends as the spaces they look like', () => {
    // A zero-width space, a left-to-right mark, a word joiner, a soft hyphen (chat apps, documents, right-to-left
    // pages put them there): kept, one at the end was escaped into the address (index.json%E2%80%8B), which no
    // host has, and one at the start made the address "not a web address, it should start with https://".
    for (const invisible of ['\u200b', '\u200e', '\u200f', '\u2060', '\u00ad', '\u202c']) {
      expect(checkSourceUrl(`https://kb.example.org/index.json?token=abc${invisible}`)).toEqual({ ok: true, url: 'https://kb.example.org/index.json?token=abc' });
      expect(checkSourceUrl(`${invisible} https://kb.example.org/snapshot/`)).toEqual({ ok: true, url: 'https://kb.example.org/snapshot/index.json' });
    }
    expect(checkSourceUrl('\u200b\u200e')).toEqual({ ok: false, error: 'Enter the address of a snapshot’s index.json.' });
  });

  it('suggests, for an address without its scheme, one it then accepts: https:// for any host but this machine', () => {
    for (const [typed, suggested] of [
      ['kb.example.org:443/kb/index.json', 'https://kb.example.org:443/kb/index.json'],
      ['localhost:8080/index.json', 'http://localhost:8080/index.json'],
      ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ] as const) {
      const check = checkSourceUrl(typed);
      expect(check).toEqual({ ok: false, error: `Start the address with https:// (or http:// for localhost and 127.0.0.1): ${suggested}` });
      expect(checkSourceUrl(suggested).ok).toBe(true);
    }
  });

  it('refuses GitHub’s page of a file or folder, an HTML page no refresh can read, and gives the raw address it then accepts', () => {
    for (const [pasted, raw] of [
      ['https://github.com/kb-team/method-kb/blob/main/snapshot/index.json', 'https://raw.githubusercontent.com/kb-team/method-kb/main/snapshot/index.json'],
      ['https://www.github.com/kb-team/method-kb/blob/release/v2/index.json?plain=1#L3', 'https://raw.githubusercontent.com/kb-team/method-kb/release/v2/index.json'],
      ['https://github.com/kb-team/method-kb/tree/main/snapshot', 'https://raw.githubusercontent.com/kb-team/method-kb/main/snapshot/index.json'],
      ['https://github.com/kb-team/method-kb/tree/main/snapshot/', 'https://raw.githubusercontent.com/kb-team/method-kb/main/snapshot/index.json'],
    ] as const) {
      expect(checkSourceUrl(pasted)).toEqual({ ok: false, error: `That address is GitHub’s web page of the snapshot, not its file: use the raw address, ${raw}` });
      expect(checkSourceUrl(raw)).toEqual({ ok: true, url: raw });
    }
    // Other GitHub addresses are not pages of a file: GitHub Pages, a release asset, the repository itself.
    for (const other of [
      'https://kb-team.github.io/method-kb/index.json',
      'https://github.com/kb-team/method-kb/releases/download/v1/index.json',
      'https://github.com/kb-team/blob/index.json',
    ]) {
      expect(checkSourceUrl(other).ok).toBe(true);
    }
  });

  it('keeps a presigned link of a few thousand characters and refuses one over 8,192 in words', () => {
    const presigned = `https://kb.example.org/index.json?token=${'a'.repeat(3_000)}`;
    expect(checkSourceUrl(presigned)).toEqual({ ok: true, url: presigned });
    expect(checkSourceUrl(`https://kb.example.org/index.json?token=${'a'.repeat(8_200)}`)).toEqual({
      ok: false,
      error: 'That address is too long: 8,240 characters, where at most 8,192 are kept.',
    });
  });
});
