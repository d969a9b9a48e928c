// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collapseMutations, outermostOnly } from '@/lib/content/mutations';
import { ALWAYS_SKIPPED, SKIP_ATTRIBUTES, isBlockElement } from '@/lib/match/text-index';
import { isOwnUi } from '@/lib/content/skip';

function setup(html: string) {
  document.body.innerHTML = html;
  const observer = new MutationObserver(() => {});
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: SKIP_ATTRIBUTES });
  // As the page session's: null in skipped parts.
  const unitOf = (node: Node): Element | null => {
    let element: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    if (element?.closest(ALWAYS_SKIPPED)) return null;
    while (element && element !== document.body && !isBlockElement(element)) element = element.parentElement;
    return element;
  };
  return {
    collapse: (options: { skipSelectorDuringPass?: string; followInsertions?: boolean } = {}) => collapseMutations(observer.takeRecords(), { unitOf, isOwnNode: isOwnUi, ...options }),
  };
}

const $ = (selector: string) => document.querySelector(selector)!;

describe('collapseMutations', () => {
  it('turns an in-place text edit into one stale text node and its block', () => {
    const { collapse } = setup('<p id="a">Compared with <em>GPTQ</em> and AWQ</p><p id="b">AQLM</p>');
    const text = $('#a em').firstChild as Text;
    text.data = 'the baseline';
    const work = collapse();
    expect([...work.staleTexts]).toEqual([text]);
    expect([...work.units]).toEqual([$('#a')]);
  });

  it('takes an element shown or hidden for its text gone and the block around it to rescan (a name may now run across it, or be cut by it)', () => {
    const { collapse } = setup('<div id="list"><p id="more" hidden>AQLM and <b>GPTQ</b></p></div>');
    const texts = () => new Set([$('#more').firstChild, $('#more b').firstChild]);
    $('#more').removeAttribute('hidden');
    let work = collapse();
    expect([...work.units]).toEqual([$('#list')]);
    expect(new Set(work.staleTexts)).toEqual(texts());
    $('#more').setAttribute('hidden', '');
    work = collapse();
    expect(new Set(work.staleTexts)).toEqual(texts());
    expect([...work.units]).toEqual([$('#list')]);
  });

  it('takes an element made an editor, or no longer one, for its text gone and the block around it to rescan', () => {
    const { collapse } = setup('<div id="list"><p id="note">AQLM and <b>GPTQ</b></p></div>');
    const texts = () => new Set([$('#note').firstChild, $('#note b').firstChild]);
    $('#note').setAttribute('contenteditable', 'true');
    let work = collapse();
    expect(new Set(work.staleTexts)).toEqual(texts());
    expect([...work.units]).toEqual([$('#list')]);
    $('#note').setAttribute('contenteditable', 'false');
    work = collapse();
    expect([...work.units]).toEqual([$('#list')]);
    expect(new Set(work.staleTexts)).toEqual(texts());
  });

  it('takes an inline element hidden for the text before it to be followed: a mark running over it goes', () => {
    const { collapse } = setup('<p id="a">AW<span id="gap">x</span>Q</p>');
    $('#gap').setAttribute('hidden', '');
    const work = collapse({ followInsertions: true });
    expect([...work.insertedAfter]).toEqual([$('#a').firstChild]);
    expect([...work.units]).toEqual([$('#a')]);
  });

  it('takes a comment’s text changing for no change of the page', () => {
    const { collapse } = setup('<p id="a">AWQ<!-- 1 --></p>');
    ($('#a').lastChild as Comment).data = ' 2 ';
    const work = collapse();
    expect(work.staleTexts.size).toBe(0);
    expect(work.units.size).toBe(0);
  });

  it('marks every text node of a removed subtree stale and rescans where it was', () => {
    const { collapse } = setup('<div id="list"><div class="row"><span>SEPTQ</span> beats <b>AWQ</b></div></div>');
    const row = $('.row');
    const texts = [row.querySelector('span')!.firstChild, row.childNodes[1], row.querySelector('b')!.firstChild];
    row.remove();
    const work = collapse();
    expect(new Set(work.staleTexts)).toEqual(new Set(texts));
    expect([...work.units]).toEqual([$('#list')]);
  });

  it('keeps only the outermost of nested changed blocks', () => {
    const { collapse } = setup('<section id="outer"><p id="inner">x</p></section>');
    $('#inner').append(' GPTQ');
    $('#outer').append(document.createElement('span'));
    const work = collapse();
    expect(new Set(work.units)).toEqual(new Set([$('#inner'), $('#outer')]));
    expect([...outermostOnly(work.units)]).toEqual([$('#outer')]);
  });

  it('adds to the work of earlier records, asking for each changed parent’s block once', () => {
    const { collapse } = setup('<p id="a">x</p><p id="b">y</p>');
    let asked = 0;
    const observer = new MutationObserver(() => {});
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: SKIP_ATTRIBUTES });
    for (let i = 0; i < 50; i++) $('#a').append(document.createTextNode(' AWQ'));
    const options = {
      unitOf: (node: Node) => {
        asked++;
        return node as Element;
      },
      isOwnNode: isOwnUi,
    };
    const first = collapseMutations(observer.takeRecords(), options);
    ($('#b').firstChild as Text).data = 'GPTQ';
    const both = collapseMutations(observer.takeRecords(), options, first);
    expect(both).toBe(first);
    expect(new Set(both.units)).toEqual(new Set([$('#a'), $('#b').firstChild]));
    expect(asked).toBe(2);
    collapse();
  });

  it('while a pass runs, takes text the page adds in skipped parts for stale: the pass found the skipped elements before', () => {
    const { collapse } = setup('<p id="prose">AWQ</p><div id="editor" contenteditable>draft</div>');
    const during = { skipSelectorDuringPass: `${ALWAYS_SKIPPED}, nav` };
    const add = () => {
      $('#prose').insertAdjacentHTML('beforeend', ' and <b>GPTQ</b>');
      document.body.insertAdjacentHTML('beforeend', '<textarea>GPTQ</textarea><nav>GPTQ</nav>');
      document.body.insertAdjacentHTML('beforeend', '<section><p>AQLM</p><script type="application/json">{"name":"GPTQ"}</script><math><mi>GPTQ</mi></math></section>');
      $('#editor').append(' GPTQ');
    };
    add();
    const texts = (selector: string) => [...document.querySelectorAll(selector)].map((element) => element.firstChild as Text);
    const skippedTexts = [...texts('textarea, nav, script, mi'), $('#editor').lastChild as Text];
    const work = collapse(during);
    expect(new Set(work.staleTexts)).toEqual(new Set(skippedTexts));
    // The prose added stays fresh, and every block it went into is rescanned; the section, a block put
    // between blocks, is read on its own.
    expect(work.units).toEqual(new Set([$('#prose'), document.body, $('section')]));

    // With no pass running, the rescan those blocks get finds the skipped elements anew.
    document.body.innerHTML = '<p id="prose">AWQ</p><div id="editor" contenteditable>draft</div>';
    collapse();
    add();
    expect(collapse().staleTexts.size).toBe(0);
  });

  it('while a pass runs, leaves what the page adds outside the roots alone: the pass does not read there', () => {
    document.body.innerHTML = '<main id="root"><p>AWQ</p></main>';
    const observer = new MutationObserver(() => {});
    observer.observe(document.body, { childList: true, subtree: true });
    const root = $('#root');
    const unitOf = (node: Node): Element | null => {
      const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
      return element && root.contains(element) && !element.closest(ALWAYS_SKIPPED) ? root : null;
    };
    document.body.insertAdjacentHTML('beforeend', '<div class="modal"><textarea>GPTQ</textarea></div>');
    root.insertAdjacentHTML('beforeend', '<textarea>AWQ</textarea>');
    const work = collapseMutations(observer.takeRecords(), { unitOf, isOwnNode: isOwnUi, skipSelectorDuringPass: ALWAYS_SKIPPED });
    expect([...work.staleTexts].map((text) => text.data)).toEqual(['AWQ']);
  });

  it('while a pass runs, takes every text in skipped parts for stale once the page moves a skipped element: the pass found their order before', () => {
    const page = '<main><p id="prose"><span hidden></span><span hidden>AWQ</span> GPTQ</p><aside><code>QuIP</code></aside></main>';
    const { collapse } = setup(page);
    const move = () => $('main').append($('span[hidden]'));
    move();
    expect([...collapse({ skipSelectorDuringPass: ALWAYS_SKIPPED }).staleTexts].map((text) => text.data).sort()).toEqual(['AWQ', 'QuIP']);

    // Between passes nothing was read in their order: no text in them is marked, none is stale.
    document.body.innerHTML = page;
    collapse();
    move();
    expect(collapse().staleTexts.size).toBe(0);
  });

  it('ignores our own card host coming and going', () => {
    const { collapse } = setup('<p>AWQ</p>');
    const host = document.createElement('method-lens-card');
    document.body.append(host);
    host.remove();
    const work = collapse();
    expect(work.units.size).toBe(0);
    expect(work.staleTexts.size).toBe(0);
  });
});
