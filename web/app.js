/* kilde: the search page's script. One file, no framework, no build step.
 *
 * Every text from the API or the URL enters the page as a text node or an
 * attribute set through the DOM, never as HTML. The two HTML fragments the
 * API sends (a hit's snippet, a position's quote) are read by markedFragment,
 * which takes only searchd's escaping and its <b> marks and refuses the rest.
 * The markup of a hit follows docs/WEB.md to the letter: the daemon renders
 * the same for /?q= and a browser test compares the two. */
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const POSITIONS_PAGE = 20;
  const MAX_OFFSET = 10000;
  const SUGGEST_DELAY_MS = 150;
  const COPIED_MS = 2000;

  const TYPES = ['arsmelding', 'horingsinnspill', 'artikkel', 'annet'];
  const TYPE_WORDS = {
    arsmelding: 'årsmelding', horingsinnspill: 'høringsinnspill', artikkel: 'artikkel', annet: 'annet',
  };
  const TYPE_PLURALS = {
    arsmelding: 'årsmeldinger', horingsinnspill: 'høringsinnspill', artikkel: 'artikler', annet: 'annet',
  };
  const STANCES = ['ber', 'krever', 'går_imot', 'støtter', 'anbefaler', 'mener'];
  const SORTS = { relevance: 'Mest relevant', newest: 'Nyeste først', oldest: 'Eldste først' };

  /* ---- building DOM ---------------------------------------------------- */

  /* el('p', {class: 'x'}, 'text', node, [more]): strings become text nodes,
   * null and false are skipped, so optional parts read inline. */
  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svgEl(tag, attrs, ...children) {
    return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
  }

  function build(node, attrs, children) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  /* ---- URLs -------------------------------------------------------------- */

  /* Percent-encodes every byte but A–Z a–z 0–9 - . _ ~, as the daemon's
   * evhttp does, so the script's links read the same as the server's. */
  function enc(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }

  function query(pairs) {
    const parts = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => k + '=' + enc(String(v)));
    return parts.length ? '?' + parts.join('&') : '';
  }

  function unitPath(id) {
    return id.split('/').map(enc).join('/');
  }

  function unitHref(id, q) {
    return '/enhet/' + unitPath(id) + query([['q', q]]);
  }

  function searchHref(params) {
    return '/' + query([
      ['q', params.q],
      ...(params.types || []).map((t) => ['type', t]),
      ['year', params.year],
      ['sort', params.sort && params.sort !== 'relevance' ? params.sort : null],
      ['side', params.side > 1 ? params.side : null],
      ['exact', params.exact ? '1' : null],
    ]);
  }

  /* ---- the API ----------------------------------------------------------- */

  class ApiError extends Error {
    constructor(kind, message, status) {
      super(message);
      this.kind = kind; /* network, busy, timeout, api, http */
      this.status = status;
    }
  }

  async function api(op, pairs, signal) {
    let response;
    try {
      response = await fetch('/api/' + op + query(pairs), { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError('network', err.message, 0);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      if (err.name === 'AbortError') throw err;
    }
    if (response.status === 503) throw new ApiError('busy', '', 503);
    if (body && body.ok === true && response.ok) return body;
    const message = body && body.error && typeof body.error.message === 'string' ? body.error.message : '';
    if (response.status === 504) throw new ApiError('timeout', message, 504);
    if (message) throw new ApiError('api', message, response.status);
    throw new ApiError('http', 'HTTP ' + response.status, response.status);
  }

  /* What went wrong, in words a reader can act on; `what` frames it
   * ("Søket kunne ikke utføres"). */
  function errorMessage(what, err) {
    switch (err.kind) {
      case 'network': return what + ': får ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.';
      case 'busy': return 'Tjenesten er travel, prøv igjen om et øyeblikk.';
      case 'timeout': return what + ': det tok for lang tid. Prøv færre eller mer presise ord.' +
        (err.message ? ' (' + err.message + ')' : '');
      case 'api': return what + ': ' + err.message;
      case 'http': return what + ': tjenesten svarte med ' + err.message + '.';
      default: return what + ': ' + String(err.message || err);
    }
  }

  /* A request refused for what it asks (a bad query, no such unit) gives
   * the same answer again, so only trouble on the way offers a retry. */
  function errorBox(what, err) {
    const transient = ['network', 'busy', 'timeout', 'http'].includes(err.kind);
    const retry = transient ? el('button', { type: 'button', class: 'retry' }, 'Prøv igjen') : null;
    if (retry) retry.addEventListener('click', () => render({ focus: 'none' }));
    return el('div', { class: 'error', role: 'alert' }, el('p', null, errorMessage(what, err)), retry);
  }

  /* ---- searchd's HTML fragments ------------------------------------------ */

  const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

  function decodeEntities(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]);
  }

  /* A snippet or quote: searchd's escaped text with <b> marks. The marks
   * become <mark>; a fragment holding any other tag is refused and shown as
   * the text it is. */
  function markedFragment(html) {
    const fragment = document.createDocumentFragment();
    const source = String(html || '');
    if (source.replace(/<\/?b>/g, '').includes('<')) {
      fragment.append(source);
      return fragment;
    }
    let marked = false;
    for (const piece of source.split(/(<\/?b>)/)) {
      if (piece === '<b>') marked = true;
      else if (piece === '</b>') marked = false;
      else if (piece) fragment.append(marked ? el('mark', null, decodeEntities(piece)) : decodeEntities(piece));
    }
    return fragment;
  }

  /* ---- words of a query, to mark them in a unit's text ------------------- */

  const STOP_WORDS = new Set(('i og på av til for er det en et ei som med at den de har om å ikke fra ' +
    'var seg men så kan vi jeg du han hun skal vil ble blir eller også etter over under ved hvor hva ' +
    'hvordan mange mye nå der her da the').split(' '));
  const VOWELS = 'aeiouyæøå';

  /* The Snowball Norwegian stemmer, which searchd's Xapian uses too, so a
   * word is marked where the search found it ("høringer" marks "høringene"). */
  function stem(word) {
    const w = word.toLowerCase();
    let r1 = w.length;
    for (let i = 1; i < w.length; i++) {
      if (!VOWELS.includes(w[i]) && VOWELS.includes(w[i - 1])) {
        r1 = Math.max(i + 1, 3);
        break;
      }
    }
    const inR1 = (suffix, s) => s.endsWith(suffix) && s.length - suffix.length >= r1;
    let s = w;
    const step1 = ['hetenes', 'hetene', 'hetens', 'heten', 'heter', 'endes', 'edes', 'enes', 'ande',
      'ende', 'ede', 'ane', 'ene', 'het', 'ens', 'ers', 'ets', 'ast', 'en', 'ar', 'er', 'as', 'es', 'et', 'a', 'e'];
    const long1 = step1.find((x) => inR1(x, s));
    const ert = ['erte', 'ert'].find((x) => inR1(x, s));
    if (ert && (!long1 || ert.length >= long1.length)) s = s.slice(0, -ert.length) + 'er';
    else if (long1) s = s.slice(0, -long1.length);
    else if (inR1('s', s) && /([bcdfghjlmnoprtvyz]|[^aeiouyæøå]k)s$/.test(s)) s = s.slice(0, -1);
    if ((inR1('dt', s) || inR1('vt', s))) s = s.slice(0, -1);
    const step3 = ['hetslov', 'eleg', 'elig', 'elov', 'slov', 'leg', 'eig', 'lig', 'els', 'lov', 'ig'];
    const long3 = step3.find((x) => inR1(x, s));
    if (long3) s = s.slice(0, -long3.length);
    return s;
  }

  /* The words a query searches: field names, excluded words, operators and
   * stop words left out; "prefix*" kept as a prefix. */
  function queryTerms(q) {
    const terms = [];
    for (const raw of String(q || '').split(/\s+/)) {
      if (!raw || raw.startsWith('-') || /^(OR|AND|NOT|ELLER|OG|IKKE)$/.test(raw)) continue;
      let token = raw.replace(/^["(]+|[")]+$/g, '');
      const field = /^([\p{L}]+):(.*)$/u.exec(token);
      if (field) {
        if (!['tittel', 'title', 'forfatter', 'author'].includes(field[1].toLowerCase())) continue;
        token = field[2].replace(/^"+|"+$/g, '');
      }
      const prefix = token.endsWith('*');
      for (const word of token.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []) {
        if (STOP_WORDS.has(word)) continue;
        terms.push({ word, stem: stem(word), prefix });
      }
    }
    return terms;
  }

  function wordMatches(word, terms) {
    const lower = word.toLowerCase();
    const s = stem(lower);
    return terms.some((t) => {
      if (t.prefix) return lower.startsWith(t.word);
      if (s === t.stem || lower === t.word) return true;
      /* a compound holding the word (Stortingshøringer, høringsarbeidet) */
      return t.stem.length >= 5 && (s.endsWith(t.stem) || lower.startsWith(t.stem));
    });
  }

  /* Plain text with the query's words in <mark>. */
  function markText(text, terms) {
    if (!terms.length) return document.createTextNode(text);
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (!wordMatches(match[0], terms)) continue;
      if (match.index > last) fragment.append(text.slice(last, match.index));
      fragment.append(el('mark', null, match[0]));
      last = match.index + match[0].length;
    }
    if (last < text.length) fragment.append(text.slice(last));
    return fragment;
  }

  /* ---- a hit, as docs/WEB.md draws it ------------------------------------ */

  function typeWord(type) {
    return TYPE_WORDS[type] || String(type || 'annet');
  }

  function pagesText(pages) {
    if (!pages) return null;
    if (pages.printed) return 's. ' + pages.first + (pages.last && pages.last !== pages.first ? '–' + pages.last : '');
    const first = pages.first_index;
    const last = pages.last_index;
    return 'PDF-s. ' + first + (last && last !== first ? '–' + last : '');
  }

  function unitHeading(unit) {
    const number = unit.section && unit.section.number;
    return number ? number + ' ' + unit.title : (unit.title || unit.doc_title || unit.id);
  }

  function metaLine(unit) {
    const parts = [];
    if (unit.doc_title && unit.doc_title !== unit.title) parts.push(unit.doc_title);
    parts.push(typeWord(unit.type));
    parts.push(unit.date || 'udatert');
    const pages = pagesText(unit.pages);
    if (pages) parts.push(pages);
    return parts.join(' · ');
  }

  function sourceLink(unit) {
    const base = '/kilde/' + unitPath(unit.id) + '/pdf';
    if (unit.format === 'pdf' && unit.pages) {
      const shown = unit.pages.printed ? unit.pages.first : String(unit.pages.first_index);
      return el('a', { class: 'source', href: base + '#page=' + unit.pages.first_index }, 'Åpne PDF på side ' + shown);
    }
    return el('a', { class: 'source', href: base }, 'Åpne originalen');
  }

  function citeLine(citation, ...links) {
    return el('p', { class: 'hit-cite' },
      el('cite', null, citation || ''), ' ',
      el('button', { type: 'button', class: 'copy' }, 'Kopier'),
      links.map((link) => [' ', link]));
  }

  function hitItem(hit, q) {
    const path = hit.section && Array.isArray(hit.section.path) ? hit.section.path : [];
    return el('li', { class: 'hit' },
      el('h2', { class: 'hit-title' }, el('a', { href: unitHref(hit.id, q) }, unitHeading(hit))),
      el('p', { class: 'hit-meta' }, metaLine(hit)),
      path.length > 1 ? el('p', { class: 'hit-path' }, path.join(' › ')) : null,
      el('p', { class: 'hit-snippet' }, markedFragment(hit.snippet)),
      citeLine(hit.citation, sourceLink(hit)));
  }

  function summaryText(total, offset, shown) {
    if (!total || !shown) return 'Ingen treff';
    return 'Viser ' + (offset + 1) + '–' + (offset + shown) + ' av ' + total + ' treff';
  }

  function resultsSection(q, reply, offset) {
    const hits = Array.isArray(reply.hits) ? reply.hits : [];
    const section = el('section', { class: 'results', 'data-q': q },
      el('p', { class: 'summary' }, summaryText(reply.total, offset, hits.length)));
    if (reply.suggestion) {
      section.append(el('p', { class: 'suggestion' },
        'Søkte etter «' + reply.suggestion + '». ',
        el('a', { href: '/' + query([['q', q], ['exact', '1']]) }, 'Søk i stedet etter «' + q + '»')));
    }
    if (hits.length) {
      section.append(el('ol', { class: 'hits', start: offset + 1 }, hits.map((hit) => hitItem(hit, q))));
    }
    return section;
  }

  /* ---- the page's state ---------------------------------------------------- */

  const main = document.getElementById('main');
  const input = document.getElementById('q');
  const announcer = document.getElementById('announcer');
  let renderToken = 0;
  let renderAbort = null;
  let firstRender = true;
  let renderedAddress = '';

  function announce(text) {
    /* emptied first so the same words said twice are heard twice */
    announcer.textContent = '';
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  function setTitle(...parts) {
    document.title = [...parts.filter(Boolean), 'kilde'].join(' – ');
  }

  function updateNav(view, q) {
    for (const link of document.querySelectorAll('.site-nav a[data-view]')) {
      const base = new URL(link.href, location.href).pathname;
      link.setAttribute('href', base + (q && link.dataset.view !== 'status' ? query([['q', q]]) : ''));
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  function viewHeading(text, extraClass) {
    return el('h1', { class: 'view-title' + (extraClass ? ' ' + extraClass : ''), tabindex: '-1' }, text);
  }

  function loading(text) {
    main.setAttribute('aria-busy', 'true');
    const note = el('p', { class: 'loading-note' }, text);
    const old = main.querySelector('.loading-note');
    if (old) old.remove();
    main.prepend(note);
    main.classList.add('is-loading');
  }

  function done() {
    main.removeAttribute('aria-busy');
    main.classList.remove('is-loading');
    const note = main.querySelector('.loading-note');
    if (note) note.remove();
  }

  function show(...nodes) {
    done();
    main.replaceChildren(...nodes.filter(Boolean));
  }

  function formatNumber(n) {
    return typeof n === 'number' ? n.toLocaleString('nb-NO') : '–';
  }

  /* ---- search ------------------------------------------------------------- */

  function searchParams() {
    const p = params();
    const year = p.get('year') || '';
    const side = parseInt(p.get('side') || '1', 10);
    const sort = p.get('sort') || 'relevance';
    return {
      q: p.get('q') || '',
      types: p.getAll('type').filter((t) => t),
      year: /^\d{4}(\.\.\d{4})?$/.test(year) ? year : '',
      sort: SORTS[sort] ? sort : 'relevance',
      side: Number.isFinite(side) && side >= 1 ? side : 1,
      exact: p.get('exact') === '1',
    };
  }

  function searchOffset(sp) {
    return Math.min((sp.side - 1) * PAGE_SIZE, MAX_OFFSET);
  }

  /* A single year is the filter; a range goes into the query as år:A..B,
   * which the query language reads as the same year a document speaks for. */
  function searchRequest(sp, extra) {
    const range = sp.year.includes('..');
    return [
      ['q', range ? (sp.q + ' år:' + sp.year).trim() : sp.q],
      ...sp.types.map((t) => ['filter.type', t]),
      ['filter.year', range ? null : sp.year],
      ['sort', sp.sort !== 'relevance' ? sp.sort : null],
      ['spelling', sp.exact ? 'false' : null],
      ...extra,
    ];
  }

  /* Counts per type and year for a query, over all its hits whatever the
   * filters (so a ticked type does not hide the others' counts); asked once
   * per query. */
  const facetCache = new Map();

  function facetsFor(sp) {
    const key = (sp.exact ? '1' : '0') + sp.q;
    if (!facetCache.has(key)) {
      const request = api('search', [['q', sp.q], ['limit', 0], ['facets', 'type,year'],
        ['spelling', sp.exact ? 'false' : null]])
        .then((reply) => reply.facets || {})
        .catch((err) => { facetCache.delete(key); throw err; });
      facetCache.set(key, request);
    }
    return facetCache.get(key);
  }

  async function viewSearch(token, signal) {
    const sp = searchParams();
    input.value = sp.q;
    updateNav('search', sp.q);
    if (!sp.q && !sp.types.length && !sp.year) {
      setTitle();
      show(landing());
      return;
    }
    setTitle(sp.q || 'Alle dokumenter');
    const offset = searchOffset(sp);
    const server = main.querySelector('section.results[data-rendered="server"]');
    if (firstRender && server && server.dataset.q === sp.q) {
      const total = parseInt((/av (\d+) treff/.exec(server.querySelector('.summary')?.textContent || '') || [])[1] || '0', 10);
      show(searchLayout(sp, server, total, null));
      return;
    }
    loading('Søker …');
    const facets = facetsFor(sp).catch(() => null);
    let reply;
    try {
      reply = await api('search', searchRequest(sp, [['limit', PAGE_SIZE], ['offset', offset]]), signal);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      show(searchLayout(sp, errorBox('Søket kunne ikke utføres', err), 0, facets));
      return;
    }
    if (token !== renderToken) return;
    const section = resultsSection(sp.q, reply, offset);
    show(searchLayout(sp, section, reply.total || 0, facets));
    announce(section.querySelector('.summary').textContent);
  }

  function searchLayout(sp, results, total, facets) {
    const refine = refinePanel(sp, facets);
    const body = el('div', { class: 'search-body' },
      el('h1', { class: 'visually-hidden view-title', tabindex: '-1' },
        sp.q ? 'Treff for «' + sp.q + '»' : 'Alle dokumenter'),
      results,
      total === 0 && results.matches('section.results') ? noHitsHelp(sp) : null,
      pager(sp, total));
    return el('div', { class: 'search-layout' }, refine, body);
  }

  function noHitsHelp(sp) {
    const filtered = sp.types.length || sp.year;
    return el('div', { class: 'no-hits' },
      el('p', null, 'Tips: bruk færre ord, sjekk stavemåten, eller søk etter et ord i stedet for en hel setning.'),
      filtered ? el('p', null, el('a', { href: searchHref({ q: sp.q, sort: sp.sort }) }, 'Søk uten filtrene')) : null);
  }

  function pager(sp, total) {
    const pages = Math.ceil(Math.min(total, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE);
    if (pages <= 1) return null;
    const side = Math.min(sp.side, pages);
    return el('nav', { class: 'pager', 'aria-label': 'Sider' },
      side > 1 ? el('a', { class: 'pager-prev', rel: 'prev', href: searchHref({ ...sp, side: side - 1 }) }, '← Forrige') : null,
      el('span', { class: 'pager-where' }, 'Side ' + side + ' av ' + pages),
      side < pages ? el('a', { class: 'pager-next', rel: 'next', href: searchHref({ ...sp, side: side + 1 }) }, 'Neste →') : null);
  }

  /* The filters and sort beside the results. Counts arrive with `facets`
   * (a promise); on a page the daemon rendered they are asked for only when
   * the reader reaches for the panel, so loading it asks nothing again. */
  function refinePanel(sp, facets) {
    const typeBoxes = TYPES.map((type) => {
      const box = el('input', { type: 'checkbox', name: 'type', value: type, id: 'f-type-' + type,
        checked: sp.types.includes(type) });
      return el('li', null, box, ' ',
        el('label', { for: 'f-type-' + type }, typeWord(type), ' ', el('span', { class: 'count', 'data-type': type })));
    });
    const yearSelect = el('select', { id: 'f-year', name: 'year' },
      el('option', { value: '' }, 'Alle år'),
      sp.year ? el('option', { value: sp.year, selected: true }, sp.year.replace('..', '–')) : null);
    const sortSelect = el('select', { id: 'f-sort', name: 'sort' },
      Object.entries(SORTS).map(([value, label]) => el('option', { value, selected: sp.sort === value }, label)));
    const form = el('form', { class: 'refine', 'aria-label': 'Avgrens og sorter' },
      el('h2', { class: 'refine-title' }, 'Avgrens'),
      el('fieldset', { class: 'refine-types' }, el('legend', null, 'Dokumenttype'), el('ul', null, typeBoxes)),
      el('p', { class: 'field' }, el('label', { for: 'f-year' }, 'År'), yearSelect),
      el('p', { class: 'field' }, el('label', { for: 'f-sort' }, 'Sorter'), sortSelect),
      sp.types.length || sp.year
        ? el('p', null, el('a', { class: 'clear-filters', href: searchHref({ q: sp.q, sort: sp.sort }) }, 'Fjern filtrene'))
        : null);
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('change', () => {
      const data = new FormData(form);
      navigate(searchHref({ q: sp.q, types: data.getAll('type'), year: data.get('year'),
        sort: data.get('sort'), exact: sp.exact }), { focus: 'none' });
    });
    const fill = (promise) => promise.then((f) => f && fillFacets(form, sp, f)).catch(() => {});
    if (facets) fill(facets);
    else {
      const reach = () => {
        form.removeEventListener('pointerenter', reach);
        form.removeEventListener('focusin', reach);
        fill(facetsFor(sp));
      };
      form.addEventListener('pointerenter', reach);
      form.addEventListener('focusin', reach);
    }
    return form;
  }

  function fillFacets(form, sp, facets) {
    const typeCounts = new Map((facets.type || []).map((f) => [f.value, f.count]));
    for (const span of form.querySelectorAll('.count[data-type]')) {
      span.textContent = '(' + (typeCounts.get(span.dataset.type) || 0) + ')';
    }
    const select = form.querySelector('#f-year');
    const years = (facets.year || []).filter((f) => f && f.value !== undefined);
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'Alle år'),
      ...years.map((f) => el('option', { value: String(f.value), selected: String(f.value) === chosen },
        f.value + ' (' + f.count + ')')));
    if (chosen && !years.some((f) => String(f.value) === chosen)) {
      select.append(el('option', { value: chosen, selected: true }, chosen.replace('..', '–')));
    }
  }

  function landing() {
    const example = (href, text, note) => el('li', null, el('a', { href }, text), note ? ' – ' + note : null);
    return el('section', { class: 'landing' },
      viewHeading('Søk i Legeforeningens arkiv'),
      el('p', { class: 'lede' }, 'Årsmeldinger, høringsinnspill og artikler fra Tidsskriftet, delt opp i seksjoner ' +
        'med sidetall. Hvert treff har en kildehenvisning du kan kopiere rett inn i et svar.'),
      el('h2', null, 'Prøv for eksempel'),
      el('ul', { class: 'examples' },
        example('/' + query([['q', 'hvor mange høringer behandlet Legeforeningen i 2024']]),
          'hvor mange høringer behandlet Legeforeningen i 2024'),
        example('/standpunkter' + query([['q', 'LIS1']]), 'LIS1', 'hva Legeforeningen har ment og bedt om'),
        example('/historikk' + query([['q', 'LIS1']]), 'LIS1 over tid', 'treff og standpunkter år for år')),
      el('h2', null, 'Slik søker du'),
      el('dl', { class: 'syntax' },
        el('dt', null, el('code', null, '"fritt behandlingsvalg"')), el('dd', null, 'ordene som en frase'),
        el('dt', null, el('code', null, 'legevakt -kommune')), el('dd', null, 'uten ordet «kommune»'),
        el('dt', null, el('code', null, 'tittel:LIS1')), el('dd', null, 'i overskrifter'),
        el('dt', null, el('code', null, 'år:2019..2024')), el('dd', null, 'året dokumentet gjelder'),
        el('dt', null, el('code', null, 'fastlege*')), el('dd', null, 'ord som begynner slik')));
  }

  /* ---- one unit ----------------------------------------------------------- */

  function unitIdFromPath() {
    return location.pathname.slice('/enhet/'.length).split('/').map((part) => {
      try { return decodeURIComponent(part); } catch (err) { return part; }
    }).join('/');
  }

  async function viewUnit(token, signal) {
    const id = unitIdFromPath();
    const q = params().get('q') || '';
    input.value = q;
    updateNav('unit', q);
    if (firstRender && main.querySelector('article.unit')) {
      setTitle(main.querySelector('article.unit h1')?.textContent || id);
      return;
    }
    loading('Henter teksten …');
    let reply;
    try {
      reply = await api('get', [['unit', id]], signal);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      setTitle('Fant ikke teksten');
      show(viewHeading('Teksten kunne ikke vises'),
        errorBox(err.status === 404 ? 'Fant ikke denne teksten' : 'Teksten kunne ikke hentes', err),
        q ? el('p', null, el('a', { href: '/' + query([['q', q]]) }, 'Søk etter «' + q + '»')) : null);
      return;
    }
    if (token !== renderToken) return;
    const unit = reply.unit || {};
    setTitle(unitHeading(unit));
    show(unitArticle(unit, q));
  }

  function unitArticle(unit, q) {
    const terms = queryTerms(q);
    const path = unit.section && Array.isArray(unit.section.path) ? unit.section.path : [];
    const position = unit.position;
    const authors = (unit.authors || []).map((a) => a && a.name).filter(Boolean);
    return el('article', { class: 'unit' },
      q ? el('p', { class: 'back' }, el('a', { href: '/' + query([['q', q]]) }, '← Treff for «' + q + '»')) : null,
      path.length > 1
        ? el('nav', { class: 'unit-path', 'aria-label': 'Plassering i dokumentet' },
          el('ol', null, path.map((step) => el('li', null, step))))
        : null,
      viewHeading(unitHeading(unit), 'unit-title'),
      el('p', { class: 'hit-meta' }, metaLine(unit)),
      authors.length ? el('p', { class: 'unit-authors' }, 'Av ' + authors.join(', ')) : null,
      position ? positionWhoLine(position) : null,
      citeLine(unit.citation, sourceLink(unit)),
      position && position.of
        ? el('p', { class: 'unit-context' }, el('a', { href: unitHref(position.of, q) }, 'Les hele seksjonen'))
        : null,
      el('div', { class: 'unit-text' }, paragraphs(unit, terms)),
      notesSection('Fotnoter', unit.footnotes, terms),
      notesSection('Bildetekster', unit.captions, terms));
  }

  /* The text as the indexer keeps it: paragraphs apart by a blank line, a
   * PDF's lines joined. A short capitalised line without a full stop,
   * standing alone between paragraphs, is a subheading; short lines in a
   * row are a list and stay paragraphs. The heading the text opens with is
   * already the page's title. */
  function paragraphs(unit, terms) {
    const blocks = String(unit.text || '').split(/\n\s*\n/);
    const heading = unitHeading(unit).trim();
    if (blocks.length) {
      const lines = blocks[0].split('\n');
      if (lines[0].trim() === heading || lines[0].trim() === (unit.title || '').trim()) lines.shift();
      blocks[0] = lines.join('\n');
    }
    const texts = blocks.map((b) => b.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
    const short = texts.map((t) => t.length < 80 && !/[.,:;!?»”)]$/.test(t));
    return texts.map((text, i) => (short[i] && !short[i - 1] && !short[i + 1] && i + 1 < texts.length &&
      /^\p{Lu}/u.test(text)
      ? el('h2', { class: 'unit-subhead' }, markText(text, terms))
      : el('p', null, markText(text, terms))));
  }

  function notesSection(title, notes, terms) {
    const texts = (Array.isArray(notes) ? notes : []).map((n) => (typeof n === 'string' ? n : n && n.text))
      .filter(Boolean);
    if (!texts.length) return null;
    return el('section', { class: 'unit-notes' }, el('h2', null, title),
      el('ol', null, texts.map((t) => el('li', null, markText(t, terms)))));
  }

  /* ---- positions ----------------------------------------------------------- */

  function stanceWord(stance) {
    return String(stance || '').replace(/_/g, ' ');
  }

  function positionWhoLine(p) {
    return el('p', { class: 'position-who' },
      el('span', { class: 'stance stance-' + String(p.stance || '').replace(/[^a-zæøå]/g, '') }, stanceWord(p.stance)),
      ' · ' + (p.speaker || 'Legeforeningen') + (p.addressee ? ' → ' + p.addressee : '') +
        (p.matter ? ' · ' + p.matter : ''));
  }

  function positionItem(p, q) {
    return el('li', { class: 'position', tabindex: '-1' },
      el('blockquote', { class: 'quote' }, el('p', null, '«', markedFragment(p.quote), '»')),
      positionWhoLine(p),
      el('p', { class: 'position-date' }, p.date ? el('time', { datetime: p.date }, p.date) : 'udatert',
        p.doc_title ? ' · ' + p.doc_title : ''),
      citeLine(p.citation, p.of ? el('a', { class: 'context', href: unitHref(p.of, q) }, 'Les i sammenheng') : null));
  }

  function stanceParams() {
    const p = params();
    return { q: p.get('q') || '', stances: p.getAll('stance').filter((s) => STANCES.includes(s)) };
  }

  function positionsHref(q, stances) {
    return '/standpunkter' + query([['q', q], ...stances.map((s) => ['stance', s])]);
  }

  async function viewPositions(token, signal) {
    const { q, stances } = stanceParams();
    input.value = q;
    updateNav('positions', q);
    setTitle(q ? 'Standpunkter: ' + q : 'Standpunkter');
    const request = (offset) => api('positions', [['q', q], ...stances.map((s) => ['filter.stance', s]),
      ['limit', POSITIONS_PAGE], ['offset', offset]], signal);
    loading('Henter standpunkter …');
    const head = [
      viewHeading(q ? 'Standpunkter om «' + q + '»' : 'Standpunkter'),
      el('p', { class: 'lede' }, 'Hva Legeforeningen har bedt om, krevd, gått imot, støttet, anbefalt og ment, ' +
        'nyeste først. Hvert sitat har en kildehenvisning.'),
      stanceFilter(q, stances),
    ];
    let reply;
    try {
      reply = await request(0);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      show(...head, errorBox('Standpunktene kunne ikke hentes', err));
      return;
    }
    if (token !== renderToken) return;
    const list = el('ol', { class: 'position-list' });
    const section = el('section', { class: 'positions', 'data-q': q }, el('p', { class: 'summary' }), list);
    let shown = 0;
    const more = el('button', { type: 'button', class: 'more' }, 'Vis flere');
    const add = (r) => {
      const items = (r.positions || []).map((p) => positionItem(p, q));
      list.append(...items);
      shown += items.length;
      section.querySelector('.summary').textContent = positionsSummary(r.total || 0, shown, r.suggestion);
      more.hidden = shown >= (r.total || 0) || !items.length || shown >= MAX_OFFSET;
      return items;
    };
    add(reply);
    more.addEventListener('click', async () => {
      more.disabled = true;
      more.textContent = 'Henter …';
      try {
        const items = add(await request(shown));
        if (items.length) items[0].focus();
        announce(section.querySelector('.summary').textContent);
      } catch (err) {
        if (err.name === 'AbortError') return;
        more.before(errorBox('Flere standpunkter kunne ikke hentes', err));
      } finally {
        more.disabled = false;
        more.textContent = 'Vis flere';
      }
    });
    section.append(more);
    show(...head, section);
    announce(section.querySelector('.summary').textContent);
  }

  function positionsSummary(total, shown, suggestion) {
    let text = total === 0 ? 'Ingen standpunkter' : 'Viser ' + shown + ' av ' + total +
      (total === 1 ? ' standpunkt' : ' standpunkter');
    if (suggestion) text += ' (søkte etter «' + suggestion + '»)';
    return text;
  }

  function stanceFilter(q, stances) {
    const form = el('form', { class: 'stance-filter' },
      el('fieldset', null, el('legend', null, 'Vis bare'),
        el('ul', null, STANCES.map((s) => el('li', null,
          el('input', { type: 'checkbox', name: 'stance', value: s, id: 'f-stance-' + s, checked: stances.includes(s) }),
          ' ', el('label', { for: 'f-stance-' + s }, stanceWord(s)))))));
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('change', () => {
      navigate(positionsHref(q, new FormData(form).getAll('stance')), { focus: 'none' });
    });
    return form;
  }

  /* ---- timeline ------------------------------------------------------------ */

  async function viewTimeline(token, signal) {
    const q = params().get('q') || '';
    input.value = q;
    updateNav('timeline', q);
    setTitle(q ? 'Historikk: ' + q : 'Historikk');
    const head = [
      viewHeading(q ? 'Historikk for «' + q + '»' : 'Historikk for hele arkivet'),
      el('p', { class: 'lede' }, 'Treff per år etter året dokumentet gjelder, fordelt på dokumenttype, ' +
        'og standpunktene Legeforeningen tok. Velg et år for å se treffene.'),
    ];
    loading('Henter historikken …');
    let reply;
    try {
      reply = await api('timeline', [['q', q]], signal);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      show(...head, errorBox('Historikken kunne ikke hentes', err));
      return;
    }
    if (token !== renderToken) return;
    const years = Array.isArray(reply.years) ? reply.years : [];
    if (!years.length) {
      show(...head, el('p', { class: 'summary' }, 'Ingen treff' + (q ? ' for «' + q + '»' : '') + '.'));
      return;
    }
    const types = timelineTypes(years);
    const summary = el('p', { class: 'summary' },
      formatNumber(reply.total) + ' treff og ' + formatNumber(reply.positions) + ' standpunkter fra ' +
      years[0].year + ' til ' + years[years.length - 1].year +
      (reply.suggestion ? ' (søkte etter «' + reply.suggestion + '»)' : ''));
    show(...head, summary,
      el('figure', { class: 'chart' }, timelineChart(years, types, q), legend(types), timelineTable(years, types)),
      yearList(years, types, q));
    announce(summary.textContent);
  }

  /* Types with most sections over the whole timeline first (ties by name),
   * as the reply orders each year's. */
  function timelineTypes(years) {
    const totals = new Map();
    for (const y of years) {
      for (const [type, n] of Object.entries(y.units || {})) totals.set(type, (totals.get(type) || 0) + (Number(n) || 0));
    }
    return [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || a.localeCompare(b));
  }

  function typeClass(type) {
    return 't-' + (TYPES.includes(type) ? type : 'other');
  }

  function sum(units) {
    return Object.values(units || {}).reduce((a, b) => a + (Number(b) || 0), 0);
  }

  /* Every year between the first and last when the span is short (an empty
   * year says something in a history); only the years with hits otherwise. */
  function chartYears(years) {
    const first = years[0].year;
    const last = years[years.length - 1].year;
    if (last - first > 30) return years;
    const byYear = new Map(years.map((y) => [y.year, y]));
    const all = [];
    for (let y = first; y <= last; y++) all.push(byYear.get(y) || { year: y, units: {}, positions: 0, best: null });
    return all;
  }

  function timelineChart(years, types, q) {
    const rows = chartYears(years);
    const slot = 64;
    const top = 26;
    const plot = 180;
    const width = Math.max(rows.length * slot + 16, 320);
    const height = top + plot + 44;
    const max = Math.max(1, ...rows.map((y) => Math.max(sum(y.units), y.positions || 0)));
    const scale = (n) => Math.round((n / max) * plot);
    const total = rows.reduce((a, y) => a + sum(y.units), 0);
    const description = 'Treff per år' + (q ? ' for «' + q + '»' : '') + ': ' +
      rows.filter((y) => sum(y.units) || y.positions)
        .map((y) => y.year + ': ' + sum(y.units) + ' treff, ' + (y.positions || 0) + ' standpunkter').join('; ') +
      '. Til sammen ' + total + ' treff.';
    const chart = svgEl('svg', { class: 'timeline-chart', role: 'img', viewBox: '0 0 ' + width + ' ' + height,
      width, height, 'aria-labelledby': 'chart-title', focusable: 'false' },
    svgEl('title', { id: 'chart-title' }, description),
    svgEl('line', { class: 'axis', x1: 8, x2: width - 8, y1: top + plot + 0.5, y2: top + plot + 0.5 }));
    rows.forEach((y, i) => {
      const x = 8 + i * slot + 10;
      const bar = 28;
      /* a year with hits links to them; the chart's links are for the
       * pointer, the list below has the same ones for keys and readers */
      const group = sum(y.units) || y.positions
        ? svgEl('a', { href: searchHref({ q, year: String(y.year) }), class: 'year-link', tabindex: '-1' })
        : svgEl('g', { class: 'year-empty' });
      let base = top + plot;
      for (const type of types) {
        const n = Number((y.units || {})[type]) || 0;
        if (!n) continue;
        const h = Math.max(scale(n), 2);
        base -= h;
        group.append(svgEl('rect', { class: 'bar ' + typeClass(type), x, y: base, width: bar, height: h },
          svgEl('title', null, y.year + ': ' + n + ' ' + typeWord(type))));
      }
      const count = sum(y.units);
      group.append(svgEl('text', { class: 'count-label' + (count ? '' : ' zero'), x: x + bar / 2, y: base - 6,
        'text-anchor': 'middle' }, String(count)));
      if (y.positions) {
        const h = Math.max(scale(y.positions), 2);
        group.append(svgEl('rect', { class: 'bar positions-bar', x: x + bar + 3, y: top + plot - h, width: 9, height: h },
          svgEl('title', null, y.year + ': ' + y.positions + ' standpunkter')));
        group.append(svgEl('text', { class: 'count-label small', x: x + bar + 7.5, y: top + plot - h - 6,
          'text-anchor': 'middle' }, String(y.positions)));
      }
      group.append(svgEl('text', { class: 'year-label', x: x + bar / 2 + 6, y: top + plot + 20,
        'text-anchor': 'middle' }, String(y.year)));
      chart.append(group);
    });
    return chart;
  }

  function legend(types) {
    return el('figcaption', { class: 'legend' }, el('ul', null,
      types.map((type) => el('li', null, el('span', { class: 'swatch ' + typeClass(type), 'aria-hidden': 'true' }),
        typeWord(type))),
      el('li', null, el('span', { class: 'swatch positions-swatch', 'aria-hidden': 'true' }), 'standpunkter')));
  }

  /* The chart's numbers as a table, for screen readers (hidden inside a
   * box: a table itself grows to its content whatever its width). */
  function timelineTable(years, types) {
    return el('div', { class: 'visually-hidden' }, el('table', null,
      el('caption', null, 'Treff per år og dokumenttype'),
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'År'),
        types.map((t) => el('th', { scope: 'col' }, typeWord(t))),
        el('th', { scope: 'col' }, 'Treff i alt'), el('th', { scope: 'col' }, 'Standpunkter'))),
      el('tbody', null, years.map((y) => el('tr', null, el('th', { scope: 'row' }, String(y.year)),
        types.map((t) => el('td', null, String(Number((y.units || {})[t]) || 0))),
        el('td', null, String(sum(y.units))), el('td', null, String(y.positions || 0)))))));
  }

  function yearList(years, types, q) {
    return el('ol', { class: 'year-list' }, years.map((y) => {
      const count = sum(y.units);
      const perType = types.filter((t) => (y.units || {})[t])
        .map((t) => y.units[t] + ' ' + (y.units[t] === 1 ? typeWord(t) : TYPE_PLURALS[t] || typeWord(t)));
      const best = y.best;
      return el('li', { class: 'year' },
        el('h2', { class: 'year-title' }, el('a', { href: searchHref({ q, year: String(y.year) }) }, String(y.year))),
        el('p', { class: 'year-counts' },
          count + (count === 1 ? ' treff' : ' treff') + (perType.length ? ' (' + perType.join(', ') + ')' : ''),
          ' · ',
          y.positions
            ? el('a', { href: positionsHref(q, []) }, y.positions + (y.positions === 1 ? ' standpunkt' : ' standpunkter'))
            : 'ingen standpunkter'),
        best ? el('div', { class: 'year-best' },
          el('p', null, 'Beste treff: ', el('a', { href: unitHref(best.id, q) }, best.title || best.doc_title),
            best.doc_title && best.doc_title !== best.title ? ' – ' + best.doc_title : ''),
          citeLine(best.citation)) : null);
    }));
  }

  /* ---- status -------------------------------------------------------------- */

  async function viewStatus(token, signal) {
    const q = params().get('q') || '';
    updateNav('status', q || input.value.trim());
    setTitle('Status');
    loading('Henter status …');
    let stats;
    try {
      stats = await api('stats', [], signal);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      show(viewHeading('Status'), errorBox('Statusen kunne ikke hentes', err));
      return;
    }
    if (token !== renderToken) return;
    /* failures of the last run come first: they are what needs doing */
    const run = lastRunSection(stats);
    const troubled = run && run.classList.contains('has-failures');
    show(viewHeading('Status'), troubled ? run : null, indexSection(stats), troubled ? null : run, serviceSection(stats));
  }

  function dateTime(iso) {
    const d = new Date(iso);
    if (!iso || Number.isNaN(d.getTime())) return iso ? String(iso) : '–';
    return d.toLocaleString('nb-NO', { dateStyle: 'long', timeStyle: 'short' });
  }

  function duration(seconds) {
    const s = Math.floor(Number(seconds) || 0);
    if (s < 60) return s + ' s';
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    return [d && d + ' d', (d || h) && h + ' t', m + ' min'].filter(Boolean).join(' ');
  }

  function ms(value) {
    return typeof value === 'number' ? value.toLocaleString('nb-NO', { maximumFractionDigits: 1 }) + ' ms' : '–';
  }

  function facts(pairs) {
    return el('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
  }

  /* Units (and documents, when the reply has them) per type, whether
   * `types` comes as {type: n}, {type: {documents, units}} or a list. */
  function typeRows(types) {
    if (!types) return [];
    const entries = Array.isArray(types)
      ? types.map((t) => [t.value || t.type, t])
      : Object.entries(types);
    return entries.filter(([name]) => name).map(([name, v]) => (typeof v === 'number'
      ? { type: name, units: v, documents: null }
      : { type: name, units: v.units ?? v.count ?? null, documents: v.documents ?? null }));
  }

  function indexSection(stats) {
    const docs = stats.documents_by_type || {};
    const rows = typeRows(stats.types).map((r) => (typeof r.documents === 'number' || !(r.type in docs)
      ? r : { ...r, documents: docs[r.type] }));
    const withDocs = rows.some((r) => typeof r.documents === 'number');
    const kinds = stats.kinds || {};
    return el('section', { class: 'status-block' },
      el('h2', null, 'Indeksen'),
      facts([
        ['Dokumenter', formatNumber(stats.documents)],
        ['Enheter', formatNumber(stats.units) + (stats.kinds
          ? ' (' + formatNumber(kinds.section) + ' seksjoner, ' + formatNumber(kinds.position) + ' standpunkter)' : '')],
        ['Revisjon', stats.revision === null || stats.revision === undefined ? 'flere deler' : String(stats.revision)],
        ['Sist oppdatert', dateTime(stats.index_time)],
        stats.shards > 1 ? ['Deler', String(stats.shards)] : null,
      ]),
      rows.length ? el('table', { class: 'status-table' },
        el('caption', null, 'Per dokumenttype'),
        el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Type'),
          withDocs ? el('th', { scope: 'col' }, 'Dokumenter') : null, el('th', { scope: 'col' }, 'Seksjoner'))),
        el('tbody', null, rows.map((r) => el('tr', null, el('th', { scope: 'row' }, typeWord(r.type)),
          withDocs ? el('td', null, formatNumber(r.documents)) : null, el('td', null, formatNumber(r.units)))))) : null);
  }

  /* The last indexing run: absent from older daemons (then nothing is
   * said), null when the daemon knows of none. */
  function lastRunSection(stats) {
    if (!('last_run' in stats)) return null;
    const run = stats.last_run;
    if (!run) {
      return el('section', { class: 'status-block' }, el('h2', null, 'Siste indeksering'),
        el('p', null, 'Tjenesten kjenner ikke til noen indeksering av denne indeksen.'));
    }
    const failures = Array.isArray(run.failures) ? run.failures : [];
    const failed = Number(run.failed) || failures.length;
    return el('section', { class: 'status-block' + (failed ? ' has-failures' : '') },
      el('h2', null, 'Siste indeksering'),
      failed ? el('div', { class: 'failures', role: 'alert' },
        el('p', { class: 'failures-title' }, failed === 1 ? '1 fil kunne ikke indekseres'
          : failed + ' filer kunne ikke indekseres'),
        failures.length ? el('ul', null, failures.map((f) => el('li', null,
          el('code', { class: 'path' }, f.path || '?'), ' ',
          el('span', { class: 'stage' }, f.stage || ''), ': ', f.reason || ''))) : null)
        : el('p', { class: 'ok-note' }, 'Alle filene ble lest.'),
      facts([
        ['Startet', dateTime(run.started)],
        ['Ferdig', dateTime(run.finished)],
        ['Tid', typeof run.seconds === 'number' ? run.seconds.toLocaleString('nb-NO', { maximumFractionDigits: 1 }) + ' s' : '–'],
        ['Filer', formatNumber(run.files)],
        ['Indeksert', formatNumber(run.indexed)],
        ['Uendret', formatNumber(run.unchanged)],
        ['Fjernet', formatNumber(run.removed)],
        ['Feilet', formatNumber(run.failed)],
        ['Advarsler', formatNumber(run.warnings)],
      ]));
  }

  function serviceSection(stats) {
    const lat = stats.latency_ms || {};
    return el('section', { class: 'status-block' },
      el('h2', null, 'Tjenesten'),
      facts([
        ['Søk besvart', formatNumber(stats.queries)],
        ['Forespørsler', formatNumber(stats.requests) + (stats.errors ? ' (' + formatNumber(stats.errors) + ' med feil)' : '')],
        ['Svartid', 'median ' + ms(lat.p50) + ' · p90 ' + ms(lat.p90) + ' · p99 ' + ms(lat.p99) +
          (lat.samples ? ' (siste ' + formatNumber(lat.samples) + ' søk)' : '')],
        ['Oppetid', duration(stats.uptime_s)],
        ['Arbeidstråder', formatNumber(stats.workers)],
        ['Tilkoblinger nå', formatNumber(stats.connections)],
      ]));
  }

  /* ---- routing ------------------------------------------------------------- */

  const VIEWS = { '/': viewSearch, '/standpunkter': viewPositions, '/historikk': viewTimeline, '/status': viewStatus };

  function viewFor(pathname) {
    if (pathname.startsWith('/enhet/')) return viewUnit;
    return VIEWS[pathname] || null;
  }

  /* focus: 'heading' after following a link, 'none' when the reader stays
   * where they are (the search box, a filter). */
  async function render({ focus = 'heading', scrollY = null } = {}) {
    const view = viewFor(location.pathname);
    renderedAddress = location.pathname + location.search;
    if (!view) return; /* a page the daemon made alone (not found): left as it is */
    renderToken += 1;
    const token = renderToken;
    if (renderAbort) renderAbort.abort();
    renderAbort = new AbortController();
    closeSuggestions();
    try {
      await view(token, renderAbort.signal);
    } catch (err) {
      if (err.name === 'AbortError' || token !== renderToken) return;
      show(errorBox('Siden kunne ikke vises', err));
    }
    firstRender = false;
    if (token !== renderToken) return;
    if (scrollY !== null) window.scrollTo(0, scrollY);
    if (focus === 'heading') {
      const heading = main.querySelector('.view-title');
      (heading || main).focus({ preventScroll: scrollY !== null });
    }
  }

  function navigate(url, { focus = 'heading', replace = false } = {}) {
    history.replaceState({ scrollY: window.scrollY }, '');
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    if (focus === 'heading') window.scrollTo(0, 0);
    render({ focus });
  }

  function isPageLink(link, event) {
    if (!link || event.defaultPrevented || event.button !== 0) return false;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
    if (link.target && link.target !== '_self') return false;
    if (link.hasAttribute('download')) return false;
    const url = new URL(link.getAttribute('href') || '', location.href);
    if (url.origin !== location.origin) return false;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return false;
    return viewFor(url.pathname) !== null;
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!isPageLink(link, event)) return;
    event.preventDefault();
    const inSearchTools = link.closest('.pager, .refine, .suggestion, .no-hits');
    navigate(link.href, { focus: inSearchTools ? 'results' : 'heading' });
    if (inSearchTools) focusResultsWhenReady();
  });

  /* After a page of results, the reader continues at its summary. */
  function focusResultsWhenReady() {
    const token = renderToken;
    const wait = () => {
      if (token !== renderToken) return;
      const summary = main.querySelector('.results .summary');
      if (summary && !main.hasAttribute('aria-busy')) {
        summary.setAttribute('tabindex', '-1');
        summary.focus();
        summary.scrollIntoView({ block: 'start' });
      } else window.setTimeout(wait, 50);
    };
    wait();
  }

  /* Back and forward draw the page the address names; a step that changed
   * only the fragment (the skip link) has nothing to draw. */
  window.addEventListener('popstate', (event) => {
    if (location.pathname + location.search === renderedAddress) return;
    const y = event.state && typeof event.state.scrollY === 'number' ? event.state.scrollY : 0;
    render({ focus: 'none', scrollY: y });
  });

  /* ---- the search box ------------------------------------------------------ */

  const form = input.form;

  form.addEventListener('submit', (event) => {
    const option = activeOption();
    event.preventDefault();
    if (option) {
      choose(option);
      return;
    }
    submitSearch(input.value.trim());
  });

  /* A search from the box stays in the view it was made from (positions,
   * history); elsewhere it searches. A new query starts without filters. */
  function submitSearch(q) {
    closeSuggestions();
    const path = location.pathname;
    let url;
    if (path === '/standpunkter') url = positionsHref(q, stanceParams().stances);
    else if (path === '/historikk') url = '/historikk' + query([['q', q]]);
    else url = searchHref({ q, sort: path === '/' ? searchParams().sort : 'relevance' });
    navigate(url, { focus: 'none' });
  }

  /* ---- suggestions: a combobox over /api/suggest --------------------------- */

  const listbox = el('ul', { id: 'suggestions', class: 'suggestions', role: 'listbox', 'aria-label': 'Forslag',
    hidden: true });
  input.parentElement.append(listbox);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'suggestions');
  input.setAttribute('aria-expanded', 'false');

  let suggestTimer = 0;
  let suggestAbort = null;
  let suggestFor = null;

  function closeSuggestions() {
    window.clearTimeout(suggestTimer);
    if (suggestAbort) suggestAbort.abort();
    suggestAbort = null;
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function options() {
    return [...listbox.querySelectorAll('[role="option"]')];
  }

  function activeOption() {
    const id = input.getAttribute('aria-activedescendant');
    return id && !listbox.hidden ? document.getElementById(id) : null;
  }

  function setActive(option) {
    for (const o of options()) o.setAttribute('aria-selected', String(o === option));
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function choose(option) {
    const { kind, value } = option.dataset;
    closeSuggestions();
    if (kind === 'title') {
      navigate(unitHref(value, input.value.trim()));
    } else {
      input.value = value;
      submitSearch(value);
    }
  }

  async function suggest(prefix) {
    if (suggestAbort) suggestAbort.abort();
    suggestAbort = new AbortController();
    suggestFor = prefix;
    let reply;
    try {
      reply = await api('suggest', [['prefix', prefix], ['limit', 6]], suggestAbort.signal);
    } catch (err) {
      return; /* suggestions are a help; the search itself reports trouble */
    }
    if (suggestFor !== prefix || input.value.trim() !== prefix || document.activeElement !== input) return;
    showSuggestions(reply);
  }

  function showSuggestions(reply) {
    const completions = (reply.completions || []).filter((c) => c && c.text);
    const titles = (reply.titles || []).filter((t) => t && t.id && t.title);
    const items = [];
    completions.forEach((c) => items.push(el('li', { role: 'option', class: 'option-word', 'data-kind': 'word',
      'data-value': c.text }, el('span', { class: 'option-text' }, c.text),
    typeof c.count === 'number' ? el('span', { class: 'option-note' }, c.count + ' treff') : null)));
    titles.forEach((t) => items.push(el('li', { role: 'option', class: 'option-title', 'data-kind': 'title',
      'data-value': t.id }, el('span', { class: 'option-text' }, t.title),
    t.doc_title && t.doc_title !== t.title ? el('span', { class: 'option-note' }, t.doc_title) : null)));
    items.forEach((item, i) => {
      item.id = 'suggestion-' + i;
      item.setAttribute('aria-selected', 'false');
    });
    if (!items.length) {
      closeSuggestions();
      return;
    }
    listbox.replaceChildren(...items);
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  }

  input.addEventListener('input', () => {
    window.clearTimeout(suggestTimer);
    const prefix = input.value.trim();
    if (prefix.length < 2) {
      closeSuggestions();
      return;
    }
    suggestTimer = window.setTimeout(() => suggest(prefix), SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    const list = options();
    const open = !listbox.hidden && list.length > 0;
    const current = list.indexOf(activeOption());
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) {
        if (input.value.trim().length >= 2) suggest(input.value.trim());
        return;
      }
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = current === -1 ? (step === 1 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
      setActive(list[next]);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        closeSuggestions();
      } else if (input.value) {
        event.preventDefault();
        input.value = '';
      }
    } else if (event.key === 'Enter' && open && current !== -1) {
      event.preventDefault();
      choose(list[current]);
    } else if (event.key === 'Tab') {
      closeSuggestions();
    }
  });

  input.addEventListener('blur', () => {
    window.setTimeout(() => {
      if (document.activeElement !== input) closeSuggestions();
    }, 0);
  });

  /* A press on an option keeps the focus in the box, so the click chooses. */
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose(option);
  });

  /* ---- copying a citation -------------------------------------------------- */

  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button.copy');
    if (!button) return;
    const cite = button.parentElement && button.parentElement.querySelector('cite');
    if (cite) copyCitation(button, cite);
  });

  async function copyCitation(button, cite) {
    const text = cite.textContent.trim();
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch (err) {
        copied = false;
      }
    }
    if (!copied) copied = copyBySelection(cite);
    if (copied) {
      button.textContent = 'Kopiert';
      button.classList.add('copied');
      announce('Kildehenvisningen er kopiert: ' + text);
      window.setTimeout(() => {
        button.textContent = 'Kopier';
        button.classList.remove('copied');
      }, COPIED_MS);
    } else {
      announce('Kunne ikke kopiere. Teksten er markert; trykk Ctrl+C for å kopiere den.');
    }
  }

  /* Older browsers and pages served over plain HTTP from another host: the
   * citation is selected and copied; left selected if that fails too. */
  function copyBySelection(node) {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (err) {
      ok = false;
    }
    if (ok) selection.removeAllRanges();
    return ok;
  }

  /* ---- keys ---------------------------------------------------------------- */

  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  render({ focus: 'none' });
})();
