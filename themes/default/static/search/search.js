/* maillon search: the browser side of the index that `maillon build` writes (src/search/).
   No dependency, no request outside the site.

   Files (layout in src/search/encode.rs): `manifest.json` (shard keys, filters), then in its
   hashed folder `s<i>.bin` (shards: folded words, their terms, the terms' postings),
   `d<i>.json` (result data, `chunk` documents each) and `f<i>.bin` (the documents of one filter
   value). A query fetches the manifest, one shard per word, and the chunks of the results it
   shows; a filter fetches its file when it is ticked.

   The browser never stems: it folds and splits words exactly as src/search/text.rs does
   (`fold` and `words` below), and the shards map each folded word of the site to its terms. */
(() => {
  'use strict';

  const root = document.querySelector('[data-search]');
  if (!root) return;

  const PAGE = 10;            // results shown at a time
  const EXACT = 2, PREFIX = 1; // weight of a typed word, of a longer word it starts
  const MAX_EXPANSIONS = 100; // words a prefix may stand for
  const NEAR_SHARED = 5, NEAR_DIFFERENT = 3; // see src/search/read.rs
  const DEBOUNCE_MS = 120;

  const form = root.querySelector('form');
  const input = form.querySelector('input[type=search]');
  const status = root.querySelector('[role=status]');
  const list = root.querySelector('.search__results');
  const more = root.querySelector('.search__more');
  const boxes = [...form.querySelectorAll('input[data-facet]')];
  const text = (key, n, q) => (root.dataset[key] || '')
    .replace('{n}', n.toLocaleString(document.documentElement.lang || undefined))
    .replace('{q}', q);

  // ---- Words: the same cut and fold as src/search/text.rs ------------------------------
  const fold = (w) => w.toLowerCase().replace(/ß/g, 'ss').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
  const words = (s) => s.normalize('NFD').replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(fold);

  // ---- Files, each fetched once ---------------------------------------------------------
  const base = new URL(root.dataset.manifest, location.href);
  const cache = new Map();
  const fetchOnce = (path, as, options) => {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, base), options).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${path}`);
        return as === 'json' ? r.json() : r.arrayBuffer();
      }).catch((e) => { cache.delete(path); throw e; }));
    }
    return cache.get(path);
  };
  // The manifest names the current files, so it is always revalidated.
  const manifest = () => fetchOnce(base.pathname, 'json', { cache: 'no-cache' });
  const parsed = new Map();
  const shard = (m, i) => fetchOnce(`${m.dir}s${i}.bin`, 'bin').then((buf) => {
    if (!parsed.has(buf)) parsed.set(buf, parseShard(m, buf));
    return parsed.get(buf);
  });
  const chunk = (m, i) => fetchOnce(`${m.dir}d${i}.json`, 'json');
  const filterSet = (m, file) => fetchOnce(`${m.dir}f${file}.bin`, 'bin').then((buf) => {
    const r = reader(buf), docs = [];
    readSet(m, r, r.varint(), (d) => docs.push(d));
    return docs;
  });

  // ---- Binary format (LEB128 varints; see src/search/encode.rs) -------------------------
  function reader(buf, pos = 0) {
    const r = { bytes: buf instanceof Uint8Array ? buf : new Uint8Array(buf), pos };
    r.varint = () => {
      let value = 0, scale = 1, b;
      do { b = r.bytes[r.pos++]; value += (b & 127) * scale; scale *= 128; } while (b & 128);
      return value;
    };
    return r;
  }

  // A set of documents: deltas (mode 0) or a bitmap over all documents (mode 1).
  function readSet(m, r, n, visit) {
    if (r.bytes[r.pos++] === 0) {
      for (let doc = 0; n > 0; n--) { doc += r.varint(); if (visit) visit(doc); }
      return;
    }
    const start = r.pos, end = start + Math.ceil(m.docs / 8);
    if (visit) {
      for (let i = start; i < end; i++) {
        const b = r.bytes[i];
        for (let bit = 0; b && bit < 8; bit++) if (b & (1 << bit)) visit((i - start) * 8 + bit);
      }
    }
    r.pos = end;
  }

  // One term: its best documents with a score byte, then the others, unscored (score 0).
  function readPostings(m, r, visit) {
    for (let n = r.varint(), doc = 0; n > 0; n--) {
      doc += r.varint();
      const score = r.bytes[r.pos++];
      if (visit) visit(doc, score);
    }
    const rest = r.varint();
    if (rest) readSet(m, r, rest, visit && ((doc) => visit(doc, 0)));
  }

  // A shard: where each term's postings start, and the sorted words with their terms.
  function parseShard(m, buf) {
    const r = reader(buf), terms = [], words = [], refs = [];
    for (let n = r.varint(); n > 0; n--) { terms.push(r.pos); readPostings(m, r, null); }
    const utf8 = new TextDecoder();
    let previous = new Uint8Array(0);
    for (let n = r.varint(); n > 0; n--) {
      const shared = r.varint(), len = r.varint();
      const word = new Uint8Array(shared + len);
      word.set(previous.subarray(0, shared));
      word.set(r.bytes.subarray(r.pos, r.pos + len), shared);
      r.pos += len;
      words.push(utf8.decode(word));
      previous = word;
      const ids = [];
      for (let k = r.varint(); k > 0; k--) ids.push(r.varint());
      refs.push(ids);
    }
    return { bytes: r.bytes, terms, words, refs };
  }

  // Index of the first item of a sorted array that is not below `key`.
  function lowerBound(items, key) {
    let lo = 0, hi = items.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (items[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  const commonPrefix = (a, b) => { let n = 0; while (n < a.length && a[n] === b[n]) n++; return n; };
  const shardOf = (m, word) => Math.max(0, lowerBound(m.keys, word + '\0') - 1);

  // ---- A query ----------------------------------------------------------------------------
  // Every word must match, through the terms its folded form maps to; the last word may also
  // be the start of longer words (typing). The same steps as `search` in src/search/read.rs.
  // Returns the matching documents with their scores, and the folded words to highlight.
  function match(m, ws, shards) {
    const total = new Uint32Array(m.docs), hits = new Uint8Array(m.docs), marks = new Set();
    let counted = 0;
    ws.forEach((w, i) => {
      const s = shards[i], at = lowerBound(s.words, w), exact = s.words[at] === w;
      if (exact && s.refs[at].length === 0) return; // a stop word: ignored
      const weights = new Map();
      const add = (refs, weight) => { for (const t of refs) if (!weights.has(t)) weights.set(t, weight); };
      if (exact) add(s.refs[at], EXACT);
      const start = at + (exact ? 1 : 0);
      const prefixed = start < s.words.length && s.words[start].startsWith(w);
      if (i === ws.length - 1 && w.length >= 2) {
        const end = Math.min(s.words.length, start + MAX_EXPANSIONS);
        for (let j = start; j < end && s.words[j].startsWith(w); j++) add(s.refs[j], PREFIX);
      }
      // A word the site never uses matches the words that share all but its last letters.
      if (!exact && !prefixed && w.length > NEAR_SHARED) {
        const need = Math.max(NEAR_SHARED, w.length - NEAR_DIFFERENT);
        const near = (j) => commonPrefix(s.words[j], w) >= need;
        for (let j = at - 1; j >= Math.max(0, at - MAX_EXPANSIONS) && near(j); j--) add(s.refs[j], PREFIX);
        for (let j = at; j < Math.min(s.words.length, at + MAX_EXPANSIONS) && near(j); j++) add(s.refs[j], PREFIX);
      }
      // Best score of the word in each document, plus one (0: not found).
      const best = new Uint16Array(m.docs);
      for (const [t, weight] of weights) {
        readPostings(m, reader(s.bytes, s.terms[t]), (doc, score) => {
          if (best[doc] <= score * weight) best[doc] = score * weight + 1;
        });
      }
      for (let d = 0; d < m.docs; d++) if (best[d]) { total[d] += best[d] - 1; hits[d]++; }
      counted++;
      s.words.forEach((word, j) => { if (s.refs[j].some((t) => weights.has(t))) marks.add(word); });
    });
    return { total, found: (d) => counted > 0 && hits[d] === counted, marks };
  }

  // The ticked filters: within a group any value, across groups all of them.
  function ticked(m) {
    const groups = new Map();
    for (const box of boxes) {
      const file = box.checked && (m.facets[box.dataset.facet] || {})[box.value];
      if (!file) continue;
      if (!groups.has(box.dataset.facet)) groups.set(box.dataset.facet, []);
      groups.get(box.dataset.facet).push(file[0]);
    }
    return [...groups.values()];
  }

  let ticket = 0, results = [], shown = 0, current = null;

  async function run() {
    const q = input.value.trim(), mine = ++ticket;
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const box of boxes) if (box.checked) params.append(box.dataset.facet, box.value);
    const search = params.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
    const header = document.getElementById('m-search-q');
    if (header && header !== input) header.value = q;
    root.dataset.query = q;
    list.replaceChildren();
    more.hidden = true;
    results = []; shown = 0;
    if (!q) { status.textContent = ''; root.dataset.state = 'done'; return; }
    root.dataset.state = 'loading';
    try {
      const m = await manifest();
      const ws = words(q);
      const [shards, groups] = await Promise.all([
        Promise.all(ws.map((w) => shard(m, shardOf(m, w)))),
        Promise.all(ticked(m).map((files) => Promise.all(files.map((f) => filterSet(m, f))))),
      ]);
      if (mine !== ticket) return;
      const start = performance.now();
      const { total, found, marks } = match(m, ws, shards);
      const keep = groups.map((sets) => {
        const set = new Uint8Array(m.docs);
        for (const docs of sets) for (const d of docs) set[d] = 1;
        return set;
      });
      // Best first, then in document order: one key per document, sorted as numbers.
      const keys = [];
      for (let d = 0; d < m.docs; d++) {
        if (found(d) && keep.every((set) => set[d])) keys.push((65535 - Math.min(total[d], 65535)) * 2 ** 24 + d);
      }
      results = Array.from(new Float64Array(keys).sort(), (k) => k % 2 ** 24);
      root.dataset.queryMs = (performance.now() - start).toFixed(1);
      current = { m, marks, ws };
      await showMore(false);
      if (mine !== ticket) return;
      const n = results.length;
      status.textContent = text(n === 0 ? 'tNone' : n === 1 ? 'tOne' : 'tMany', n, q);
      root.dataset.count = String(n);
      root.dataset.state = 'done';
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = text('tError', 0, q);
      root.dataset.state = 'error';
      console.error(e);
    }
  }

  // Shows the next PAGE results, fetching only their chunks of result data.
  async function showMore(focus) {
    const { m } = current, mine = ticket;
    const docs = results.slice(shown, shown + PAGE);
    const rows = await Promise.all(docs.map((doc) =>
      chunk(m, Math.floor(doc / m.chunk)).then((c) => [c, c.d[doc % m.chunk]])));
    if (mine !== ticket) return;
    const items = rows.map(([c, row]) => result(c, row));
    list.append(...items);
    shown += docs.length;
    more.hidden = shown >= results.length;
    if (focus && items.length) items[0].querySelector('a').focus();
  }

  const labels = new Map(boxes.map((b) => [`${b.dataset.facet}/${b.value}`, b.parentElement.textContent.trim()]));
  const el = (tag, cls, content) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  };

  // One result: title link, kind, section, phenomena and stages, excerpt with the words found.
  function result(c, [section, path, title, kind, filters, excerpt]) {
    const { m, marks, ws } = current;
    const sec = c.s[section];
    const li = el('li', `search-result card card--${kind}`);
    const h = el('h2', 'card__title');
    const a = el('a', '', title);
    a.href = sec && !path.startsWith('/') ? sec[1] + path : path;
    h.append(a);
    const meta = el('p', 'card__meta');
    meta.append(el('span', `badge badge--kind badge--${kind}`, labels.get(`kind/${kind}`) || kind));
    if (sec) meta.append(' ', el('span', 'search-result__section', sec[0]));
    const names = [];
    for (const [facet, values] of Object.entries(m.facets)) {
      for (const [slug, [file]] of Object.entries(values)) {
        if (filters.includes(file)) names.push(labels.get(`${facet}/${slug}`) || slug);
      }
    }
    if (names.length) meta.append(' ', el('span', 'search-result__terms', names.join(', ')));
    const p = el('p', 'search-result__excerpt');
    excerpt.split(/([\p{L}\p{N}\p{M}]+)/u).forEach((part, i) => {
      const w = i % 2 ? words(part)[0] : null;
      const hit = w && (marks.has(w) || ws.some((q) => q.length >= 3 && w.startsWith(q)));
      p.append(hit ? el('mark', '', part) : part);
    });
    li.append(h, meta, p);
    return li;
  }

  // ---- Events -----------------------------------------------------------------------------
  let timer = 0;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); });
  form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  for (const box of boxes) box.addEventListener('change', run);
  more.addEventListener('click', () => showMore(true));

  // Arrow keys move between the field and the results; Escape goes back to the field.
  const targets = () => [input, ...list.querySelectorAll('a'), ...(more.hidden ? [] : [more])];
  root.addEventListener('keydown', (e) => {
    const all = targets(), i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < all.length) all[i + 1].focus();
    else if (e.key === 'ArrowUp' && i > 0) all[i - 1].focus();
    else if (e.key === 'Escape' && i > 0) input.focus();
    else return;
    e.preventDefault();
  });

  // ---- Start: the query and filters of the URL ----------------------------------------------
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  for (const box of boxes) box.checked = params.getAll(box.dataset.facet).includes(box.value);
  root.hidden = false;
  input.focus();
  run();
})();
