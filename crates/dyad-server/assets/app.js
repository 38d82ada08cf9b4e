// dyad dashboard: a single page with hash routes over the JSON API.
// Every piece of data is put into the page with textContent or as SVG text
// nodes, never as HTML: article text may contain anything, markup included.
'use strict';

(function () {
  const app = document.getElementById('app');
  const QUAD = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };
  const QUAD_COLOUR = { 1: '#3b82c4', 2: '#2f9e5b', 3: '#e0a030', 4: '#c8372d' };
  const STATUSES = ['asserted', 'claimed', 'denied', 'negated', 'future', 'hypothetical'];
  const SVG = 'http://www.w3.org/2000/svg';
  let codebook = null; // code → name
  let actorList = null;

  // ---- DOM helpers (text only) ------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.setAttribute('class', v);
      else if (k === 'text') node.textContent = String(v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'href' && !/^(#|\/|https?:)/.test(String(v))) continue; // no javascript: URLs
      else node.setAttribute(k, String(v));
    }
  }
  function append(node, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function show(...children) { clear(app); append(app, children); }

  async function api(path, opts) {
    const res = await fetch(path, opts);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error((body && body.error) || (res.status + ' ' + res.statusText));
    return body;
  }
  function errorBox(e) { return el('p', { class: 'error', role: 'alert', text: 'Error: ' + e.message }); }
  function qs(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && String(v) !== '') u.set(k, v);
    return u.toString();
  }

  function statusBadge(status, attributedTo) {
    const label = attributedTo && (status === 'claimed' || status === 'denied')
      ? status + ' by ' + (attributedTo.code || attributedTo.text) : status;
    return el('span', { class: 'badge st-' + status, 'data-status': status, title: statusHelp(status), text: label });
  }
  function statusHelp(s) {
    return {
      asserted: 'The reporter states it happened',
      claimed: 'A speaker says it happened; not confirmed by the reporter',
      denied: 'A speaker denies it happened',
      negated: 'Reported as not having happened',
      future: 'Announced, promised or threatened',
      hypothetical: 'Under a condition',
    }[s] || s;
  }
  function quadDot(q) { return el('span', { class: 'quad q' + q, title: QUAD[q] || '' }); }
  function cameoName(code) { return (codebook && codebook[code]) || ''; }
  function actorCodes(list) { return (list || []).map(a => a.code).join('+'); }

  async function loadCodebook() {
    if (codebook) return;
    const cb = await api('/api/codebook');
    codebook = {};
    for (const c of cb.codes) codebook[c.code] = c.name;
  }
  async function loadActors() {
    if (actorList) return actorList;
    actorList = (await api('/api/actors?limit=500')).actors;
    return actorList;
  }
  function actorDatalist(id) {
    return el('datalist', { id }, (actorList || []).map(a => el('option', { value: a.code, label: (a.name || '') + ' (' + a.mentions + ')' })));
  }

  // ---- routing ------------------------------------------------------------
  function parseHash() {
    const h = location.hash.replace(/^#\/?/, '');
    const [path, query] = h.split('?');
    const parts = path.split('/').map(decodeURIComponent);
    return { view: parts[0] || 'events', arg: parts.slice(1).join('/'), params: Object.fromEntries(new URLSearchParams(query || '')) };
  }
  function go(view, params, arg) {
    const a = arg !== undefined ? '/' + encodeURIComponent(arg) : '';
    const q = params ? qs(params) : '';
    location.hash = '#/' + view + a + (q ? '?' + q : '');
  }
  async function route() {
    const { view, arg, params } = parseHash();
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === view || (view === 'article' && a.dataset.view === 'articles'));
    try {
      await loadCodebook();
      await loadActors();
      const views = { events: viewEvents, event: viewEvent, timeline: viewTimeline, network: viewNetwork, articles: viewArticles, article: viewArticle, issues: viewIssues, code: viewCode };
      await (views[view] || viewEvents)(params, arg);
    } catch (e) {
      show(errorBox(e));
    }
  }

  // ---- events table -------------------------------------------------------
  const FILTERS = [
    ['actor', 'Actor'], ['source', 'Source'], ['target', 'Target'], ['country', 'Country'],
    ['root', 'CAMEO root'], ['quad', 'QuadClass'], ['status', 'Status'], ['issue', 'Issue'],
    ['from', 'From'], ['to', 'To'], ['place', 'Place'], ['text', 'Text'],
  ];
  function filterForm(params, onSubmit, keys) {
    const form = el('form', { class: 'filters', id: 'filters', 'aria-label': 'filters' });
    for (const [k, label] of FILTERS) {
      if (keys && !keys.includes(k)) continue;
      let input;
      if (k === 'quad') {
        input = el('select', { name: k }, el('option', { value: '', text: 'any' }), [1, 2, 3, 4].map(q => el('option', { value: q, text: q + ' ' + QUAD[q] })));
      } else if (k === 'status') {
        input = el('select', { name: k }, el('option', { value: '', text: 'any' }), STATUSES.map(s => el('option', { value: s, text: s })));
      } else if (k === 'root') {
        const roots = Object.keys(codebook || {}).filter(c => c.length === 2).sort();
        input = el('select', { name: k }, el('option', { value: '', text: 'any' }), roots.map(r => el('option', { value: r, text: r + ' ' + cameoName(r) })));
      } else {
        input = el('input', { name: k, type: (k === 'from' || k === 'to') ? 'date' : 'text', list: ['actor', 'source', 'target'].includes(k) ? 'actor-codes' : null, placeholder: k === 'text' ? 'words, "phrase"' : '' });
      }
      input.id = 'f-' + k;
      input.value = params[k] || '';
      form.appendChild(el('label', { for: 'f-' + k }, label, input));
    }
    form.appendChild(actorDatalist('actor-codes'));
    form.appendChild(el('button', { type: 'submit', id: 'apply' }, 'Apply'));
    form.appendChild(el('button', { type: 'button', class: 'secondary', onclick: () => onSubmit({}) }, 'Clear'));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const out = {};
      for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
      onSubmit(out);
    });
    return form;
  }

  function eventRow(e) {
    const m = e.first_mention || {};
    const tr = el('tr', { class: 'clickable', 'data-event': e.id, onclick: () => go('event', null, e.id) },
      el('td', null, el('a', { href: '#/event/' + e.id, text: '#' + e.id })),
      el('td', { text: e.date || '–' }),
      el('td', { class: 'actor-code src', text: e.source || '–' }),
      el('td', { class: 'code' }, quadDot(e.quad_class), el('span', { text: e.cameo }), ' ', el('span', { class: 'muted', text: cameoName(e.cameo) })),
      el('td', { class: 'actor-code tgt', text: e.target || '–' }),
      el('td', null, statusBadge(e.status, m.attributed_to)),
      el('td', { text: e.num_mentions }),
      el('td', { text: e.location ? e.location.name : '–' }),
      el('td', { class: 'sentence' }, el('span', { text: m.text || '' }), ' ',
        m.doc_id ? el('a', { class: 'article-link', href: '#/article/' + encodeURIComponent(m.doc_id), onclick: ev => ev.stopPropagation(), text: '[' + m.doc_id + ']' }) : null),
    );
    return tr;
  }

  async function viewEvents(params) {
    const filters = Object.assign({}, params);
    const table = el('table', { id: 'events-table' },
      el('thead', null, el('tr', null, ['id', 'date', 'source', 'CAMEO', 'target', 'status', 'mentions', 'place', 'sentence'].map(h => el('th', { text: h })))));
    const tbody = el('tbody');
    table.appendChild(tbody);
    const summary = el('span', { id: 'events-summary', class: 'muted' });
    const more = el('button', { class: 'secondary', id: 'more', type: 'button' }, 'More');
    let cursor = null;
    async function page(first) {
      const q = Object.assign({}, filters, { limit: 50, after: cursor, total: first ? 'true' : null });
      const res = await api('/api/events?' + qs(q));
      for (const e of res.events) tbody.appendChild(eventRow(e));
      cursor = res.next;
      more.hidden = cursor === null;
      if (first) summary.dataset.total = res.total;
      summary.textContent = tbody.children.length + ' of ' + summary.dataset.total + ' events';
    }
    more.addEventListener('click', () => page(false).catch(e => app.appendChild(errorBox(e))));
    show(el('h2', null, 'Events'), filterForm(params, f => go('events', f)), el('div', { class: 'pager' }, summary), table, el('div', { class: 'pager' }, more));
    await page(true);
    if (!tbody.children.length) tbody.appendChild(el('tr', null, el('td', { colspan: 9, class: 'muted', text: 'No events match.' })));
  }

  // ---- one event ------------------------------------------------------------
  async function viewEvent(params, id) {
    const res = await api('/api/events/' + encodeURIComponent(id));
    const e = res.event;
    const kv = el('dl', { class: 'kv' },
      el('dt', { text: 'source → target' }), el('dd', { class: 'actor-code', text: (e.source || '–') + ' → ' + (e.target || '–') }),
      el('dt', { text: 'CAMEO' }), el('dd', null, quadDot(e.quad_class), e.cameo + ' ' + cameoName(e.cameo) + ' (QuadClass ' + e.quad_class + ', Goldstein ' + e.goldstein + ')'),
      el('dt', { text: 'PLOVER' }), el('dd', { text: (e.plover.event || '–') + (e.plover.mode ? ' / ' + e.plover.mode : '') }),
      el('dt', { text: 'status' }), el('dd', null, statusBadge(e.status)),
      el('dt', { text: 'date' }), el('dd', { text: (e.date || '–') + ' (' + e.date_precision + ')' }),
      el('dt', { text: 'place' }), el('dd', { text: e.location ? e.location.name + (e.location.country ? ', ' + e.location.country : '') : '–' }),
      el('dt', { text: 'issues' }), el('dd', { text: e.issues.join(', ') || '–' }),
      el('dt', { text: 'reports' }), el('dd', { text: e.num_mentions + ' mentions in ' + e.num_articles + ' articles from ' + e.num_sources + ' sources' }),
    );
    const list = el('ul', { class: 'ev-list', id: 'mentions' }, res.mentions.map(m => el('li', {
      class: m.event.status === 'asserted' ? 'asserted' : 'claimed-like',
      onclick: () => go('article', { focus: m.id }, m.doc_id),
    },
    statusBadge(m.event.status, m.event.attributed_to), ' ',
    el('strong', { text: m.title || m.doc_id }), ' ', el('span', { class: 'muted', text: [m.source, m.published].filter(Boolean).join(', ') }),
    el('div', { text: m.event.text }),
    el('div', { class: 'muted', text: 'sentence ' + m.event.sentence + ' · rule ' + m.event.evidence.rule + ' · ' + actorCodes(m.event.source) + ' → ' + actorCodes(m.event.target) }),
    )));
    show(el('h2', null, 'Event #' + e.id), el('div', { class: 'panel' }, kv), el('h3', null, 'Mentions (provenance)'), list);
  }

  // ---- timeline ---------------------------------------------------------------
  async function viewTimeline(params) {
    const interval = params.interval || 'week';
    const controls = filterForm(params, f => go('timeline', Object.assign({ interval }, f)), ['source', 'target', 'actor', 'issue', 'status']);
    const sel = el('select', { name: 'interval', id: 'f-interval' }, ['day', 'week', 'month'].map(i => el('option', { value: i, text: i })));
    sel.value = interval;
    controls.insertBefore(el('label', { for: 'f-interval' }, 'Interval', sel), controls.firstChild);
    const [tl, dy] = await Promise.all([
      api('/api/timeline?' + qs(Object.assign({}, params, { interval }))),
      api('/api/dyads?' + qs({ interval, limit: 25 })),
    ]);
    const title = (params.source || params.target) ? 'Timeline ' + (params.source || 'any') + ' → ' + (params.target || 'any') : 'Timeline (all events)';
    const dyadTable = el('table', { id: 'dyads' }, el('thead', null, el('tr', null, ['source', 'target', 'events', 'mean Goldstein', 'by QuadClass'].map(h => el('th', { text: h })))),
      el('tbody', null, dy.dyads.filter(d => d.source && d.target).map(d => el('tr', { class: 'clickable', onclick: () => go('timeline', { interval, source: d.source, target: d.target }) },
        el('td', { class: 'actor-code', text: d.source }), el('td', { class: 'actor-code', text: d.target }), el('td', { text: d.events }),
        el('td', { text: d.mean_goldstein.toFixed(2) }), el('td', null, d.quad.map((n, i) => n ? el('span', null, quadDot(i + 1), n + ' ') : null))))));
    show(el('h2', null, title), controls, timelineChart(tl.periods), el('h3', null, 'Busiest dyads (click for their timeline)'), dyadTable);
  }

  function timelineChart(periods) {
    const W = 900, H = 330, L = 40, R = 50, T = 16, B = 76;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'chart', id: 'timeline-chart', role: 'img', 'aria-label': 'events per period by QuadClass, and mean Goldstein' });
    if (!periods.length) { chart.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No dated events match.')); return chart; }
    const max = Math.max(1, ...periods.map(p => p.events));
    const bw = (W - L - R) / periods.length;
    const y = n => T + (H - T - B) * (1 - n / max);
    const gy = g => T + (H - T - B) * (1 - (g + 10) / 20);
    chart.appendChild(svg('line', { x1: L, x2: W - R, y1: gy(0), y2: gy(0), stroke: '#ccc', 'stroke-dasharray': '3 3' }));
    chart.appendChild(svg('text', { x: W - R + 4, y: gy(0) + 4 }, 'G 0'));
    chart.appendChild(svg('text', { x: W - R + 4, y: gy(10) + 10 }, 'G +10'));
    chart.appendChild(svg('text', { x: W - R + 4, y: gy(-10) }, 'G −10'));
    chart.appendChild(svg('text', { x: 4, y: T + 8 }, String(max)));
    chart.appendChild(svg('text', { x: 4, y: H - B }, '0'));
    periods.forEach((p, i) => {
      let acc = 0;
      const x = L + i * bw + bw * 0.12;
      for (let q = 1; q <= 4; q++) {
        const n = p.quad[q - 1];
        if (!n) continue;
        const r = svg('rect', { x, width: Math.max(1, bw * 0.76), y: y(acc + n), height: y(acc) - y(acc + n), fill: QUAD_COLOUR[q], class: 'bar q' + q });
        r.appendChild(svg('title', null, `${p.period}: ${n} ${QUAD[q]}`));
        chart.appendChild(r);
        acc += n;
      }
      if (periods.length <= 40 || i % Math.ceil(periods.length / 40) === 0) {
        chart.appendChild(svg('text', { x: x + bw * 0.38, y: H - B + 14, 'text-anchor': 'end', transform: `rotate(-40 ${x + bw * 0.38} ${H - B + 14})` }, p.period));
      }
    });
    const pts = periods.map((p, i) => `${L + i * bw + bw / 2},${gy(p.mean_goldstein)}`).join(' ');
    chart.appendChild(svg('polyline', { points: pts, fill: 'none', stroke: '#1d2330', 'stroke-width': 2, class: 'goldstein' }));
    periods.forEach((p, i) => {
      const c = svg('circle', { cx: L + i * bw + bw / 2, cy: gy(p.mean_goldstein), r: 3, fill: '#1d2330' });
      c.appendChild(svg('title', null, `${p.period}: mean Goldstein ${p.mean_goldstein.toFixed(2)} over ${p.events} events`));
      chart.appendChild(c);
    });
    return chart;
  }

  // ---- actor network -------------------------------------------------------------
  async function viewNetwork(params) {
    const res = await api('/api/dyads?' + qs(Object.assign({}, params, { limit: 400 })));
    const edges = new Map();
    for (const d of res.dyads) {
      if (!d.source || !d.target) continue;
      for (const s of d.source.split('+')) for (const t of d.target.split('+')) {
        if (s === t) continue;
        const k = s + '\u0000' + t;
        const e = edges.get(k) || { source: s, target: t, events: 0, g: 0 };
        e.g = (e.g * e.events + d.mean_goldstein * d.events) / (e.events + d.events);
        e.events += d.events;
        edges.set(k, e);
      }
    }
    const weight = new Map();
    for (const e of edges.values()) {
      weight.set(e.source, (weight.get(e.source) || 0) + e.events);
      weight.set(e.target, (weight.get(e.target) || 0) + e.events);
    }
    const nodes = [...weight.keys()].sort((a, b) => a.localeCompare(b));
    const W = 900, H = 640, cx = W / 2, cy = H / 2, rad = Math.min(W, H) / 2 - 90;
    const pos = new Map(nodes.map((n, i) => [n, { x: cx + rad * Math.cos(2 * Math.PI * i / nodes.length - Math.PI / 2), y: cy + rad * Math.sin(2 * Math.PI * i / nodes.length - Math.PI / 2) }]));
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'chart', id: 'network', role: 'img', 'aria-label': 'who acts on whom' });
    const defs = svg('defs');
    for (const [name, colour] of [['coop', '#2f9e5b'], ['conf', '#c8372d'], ['neutral', '#888']]) {
      defs.appendChild(svg('marker', { id: 'arrow-' + name, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour })));
    }
    chart.appendChild(defs);
    const maxE = Math.max(1, ...[...edges.values()].map(e => e.events));
    for (const e of edges.values()) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const kind = e.g > 0.5 ? 'coop' : e.g < -0.5 ? 'conf' : 'neutral';
      const colour = { coop: '#2f9e5b', conf: '#c8372d', neutral: '#888' }[kind];
      // Curve to the right of the direction so A→B and B→A stay apart; stop short of the node.
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const ex = b.x - dx / len * 12, ey = b.y - dy / len * 12;
      const mx = (a.x + ex) / 2 - dy / len * 25, my = (a.y + ey) / 2 + dx / len * 25;
      const path = svg('path', { d: `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`, fill: 'none', stroke: colour, 'stroke-width': 1 + 5 * e.events / maxE, 'stroke-opacity': 0.75, 'marker-end': `url(#arrow-${kind})`, class: 'network-edge edge-' + kind, 'data-source': e.source, 'data-target': e.target,
        onclick: () => go('events', { source: e.source, target: e.target }) });
      path.appendChild(svg('title', null, `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${e.g.toFixed(2)}`));
      chart.appendChild(path);
    }
    const maxW = Math.max(1, ...weight.values());
    for (const n of nodes) {
      const p = pos.get(n);
      const g = svg('g', { class: 'network-node', 'data-actor': n, onclick: () => go('events', { actor: n }) });
      g.appendChild(svg('circle', { cx: p.x, cy: p.y, r: 5 + 9 * Math.sqrt(weight.get(n) / maxW), fill: '#1d2330', 'fill-opacity': 0.85 }));
      const out = p.x >= cx ? 1 : -1;
      g.appendChild(svg('text', { x: p.x + out * 16, y: p.y + 4, 'text-anchor': out > 0 ? 'start' : 'end' }, n));
      g.appendChild(svg('title', null, `${n}: ${weight.get(n)} events (click for its events)`));
      chart.appendChild(g);
    }
    const legend = el('p', { class: 'muted' }, 'Edges point from source to target; width is the number of events; colour is the mean Goldstein score: ',
      el('span', { style: null, class: 'badge st-asserted', text: 'green: cooperation (> +0.5)' }), ' ',
      el('span', { class: 'badge st-denied', text: 'red: conflict (< −0.5)' }), ' grey: mixed. Click an edge or an actor for its events.');
    show(el('h2', null, 'Actor network'), filterForm(params, f => go('network', f), ['actor', 'country', 'root', 'quad', 'status', 'issue', 'from', 'to']), legend, nodes.length ? chart : el('p', { class: 'muted', text: 'No dyads match.' }));
  }

  // ---- articles ------------------------------------------------------------------
  async function viewArticles() {
    const res = await api('/api/articles?limit=1000');
    const table = el('table', { id: 'articles-table' }, el('thead', null, el('tr', null, ['date', 'title', 'source', 'events'].map(h => el('th', { text: h })))),
      el('tbody', null, res.articles.map(a => el('tr', { class: 'clickable', onclick: () => go('article', null, a.doc_id) },
        el('td', { text: a.date || '–' }), el('td', null, el('a', { href: '#/article/' + encodeURIComponent(a.doc_id), text: a.title || a.doc_id })),
        el('td', { text: a.source || '–' }), el('td', { text: a.mentions })))));
    show(el('h2', null, 'Articles'), table);
  }

  // Marks the characters of `text` (code points) covered by spans.
  function highlighted(text, sentences, mentions, focus) {
    const chars = Array.from(text);
    const cls = new Array(chars.length).fill(null).map(() => new Set());
    const owner = new Array(chars.length).fill('');
    for (const m of mentions) {
      const e = m.event;
      for (const a of [...e.source, ...e.target]) {
        for (let i = a.span[0]; i < Math.min(a.span[1], chars.length); i++) cls[i].add('hl-actor');
      }
      if (e.attributed_to && e.attributed_to.span) {
        for (let i = e.attributed_to.span[0]; i < Math.min(e.attributed_to.span[1], chars.length); i++) cls[i].add('hl-actor');
      }
      const [vs, ve] = e.evidence.verb_span;
      for (let i = vs; i < Math.min(ve, chars.length); i++) {
        cls[i].add('hl-verb');
        cls[i].add('hl-' + e.status);
        if (String(m.id) === String(focus)) cls[i].add('hl-focus');
        owner[i] = owner[i] ? owner[i] + ' ' + m.id : String(m.id); // several events may share a verb
      }
    }
    const sentOf = new Array(chars.length).fill(-1);
    sentences.forEach((s, k) => { for (let i = s[0]; i < Math.min(s[1], chars.length); i++) sentOf[i] = k; });
    const eventSentences = new Set(mentions.map(m => m.event.sentence));
    const root = el('div', { class: 'article-text', id: 'article-text' });
    let i = 0;
    let sentEl = null, sentIdx = -2;
    while (i < chars.length) {
      const key = [...cls[i]].sort().join(' ');
      let j = i + 1;
      while (j < chars.length && sentOf[j] === sentOf[i] && [...cls[j]].sort().join(' ') === key && owner[j] === owner[i]) j++;
      if (sentOf[i] !== sentIdx) {
        sentIdx = sentOf[i];
        sentEl = el('span', { class: 'sent' + (eventSentences.has(sentIdx) ? ' has-event' : ''), 'data-sentence': sentIdx });
        root.appendChild(sentEl);
      }
      const piece = chars.slice(i, j).join('');
      if (key) {
        const span = el('span', { class: key, text: piece });
        if (owner[i]) span.dataset.mention = owner[i];
        sentEl.appendChild(span);
      } else {
        sentEl.appendChild(document.createTextNode(piece));
      }
      i = j;
    }
    return root;
  }

  function mentionItem(m, onclick) {
    const e = m.event;
    return el('li', { class: e.status === 'asserted' ? 'asserted' : 'claimed-like', 'data-status': e.status, 'data-event': m.event_id, onclick },
      statusBadge(e.status, e.attributed_to), ' ', quadDot(e.quad_class),
      el('span', { class: 'actor-code', text: (actorCodes(e.source) || '–') + ' → ' + (actorCodes(e.target) || '–') }), ' ',
      el('strong', { text: e.cameo }), ' ', el('span', { text: cameoName(e.cameo) }),
      el('div', { class: 'muted', text: [e.date, e.location && e.location.name, e.issues.join(', ')].filter(Boolean).join(' · ') }));
  }

  async function viewArticle(params, id) {
    const res = await api('/api/articles/' + encodeURIComponent(id));
    const a = res.article;
    const text = highlighted(a.text, a.sentences, res.mentions, params.focus);
    const asserted = res.mentions.filter(m => m.event.status === 'asserted');
    const other = res.mentions.filter(m => m.event.status !== 'asserted');
    const focusMention = m => {
      for (const s of text.querySelectorAll('.hl-focus')) s.classList.remove('hl-focus');
      const spans = text.querySelectorAll('[data-mention~="' + Number(m.id) + '"]');
      for (const s of spans) s.classList.add('hl-focus');
      if (spans[0]) spans[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
    };
    const side = el('div', { class: 'panel', id: 'article-events' },
      el('div', { class: 'ev-group' }, el('h3', null, 'Asserted (' + asserted.length + ')'), el('p', { class: 'muted', text: 'The reporter states these happened.' }),
        el('ul', { class: 'ev-list', id: 'asserted-events' }, asserted.map(m => mentionItem(m, () => focusMention(m))))),
      el('div', { class: 'ev-group' }, el('h3', null, 'Claimed, denied or not (yet) happened (' + other.length + ')'), el('p', { class: 'muted', text: 'Said by a speaker, denied, negated, announced or conditional: not confirmed by the reporter.' }),
        el('ul', { class: 'ev-list', id: 'claimed-events' }, other.map(m => mentionItem(m, () => focusMention(m))))));
    const meta = el('p', { class: 'muted' }, [a.source, a.date].filter(Boolean).join(' · '), a.url ? ' · ' : '', a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank', text: a.url }) : null,
      ' · ', el('a', { href: '#/events?' + qs({ doc: a.doc_id }), text: 'its canonical events' }));
    const legend = el('p', { class: 'muted' }, 'Highlighted: ', el('span', { class: 'hl-actor', text: 'actors' }), ', verbs of ', el('span', { class: 'hl-verb hl-asserted', text: 'asserted' }), ' and ', el('span', { class: 'hl-verb hl-claimed', text: 'claimed' }), ' events.');
    show(el('h2', { id: 'article-title', text: a.title || a.doc_id }), meta, legend, el('div', { class: 'grid2' }, el('div', { class: 'panel' }, text), side));
    if (params.focus) { const m = res.mentions.find(x => String(x.id) === String(params.focus)); if (m) focusMention(m); }
  }

  // ---- negotiation tracker -------------------------------------------------------------
  const STANCE_LETTER = { proposed: 'P', demanded: 'D', accepted: 'A', rejected: 'R' };
  async function viewIssues(params) {
    const interval = params.interval || 'week';
    const res = await api('/api/issues?' + qs(Object.assign({}, params, { interval })));
    const pts = res.points;
    const periods = [...new Set(pts.map(p => p.period))].sort();
    const byIssue = new Map();
    for (const p of pts) {
      if (!byIssue.has(p.issue)) byIssue.set(p.issue, new Map());
      const actors = byIssue.get(p.issue);
      if (!actors.has(p.actor)) actors.set(p.actor, []);
      actors.get(p.actor).push(p);
    }
    const table = el('table', { class: 'tracker', id: 'tracker' }, el('thead', null, el('tr', null, el('th', { class: 'rowhead', text: 'issue / actor' }), periods.map(p => el('th', { text: p })))));
    const tbody = el('tbody');
    for (const issue of [...byIssue.keys()].sort()) {
      tbody.appendChild(el('tr', { class: 'issue-row' }, el('th', { colspan: periods.length + 1, text: issue })));
      const actors = byIssue.get(issue);
      for (const actor of [...actors.keys()].sort()) {
        const row = el('tr', { 'data-issue': issue, 'data-actor': actor }, el('td', { class: 'rowhead actor-code', text: actor || '(no source)' }));
        for (const period of periods) {
          const cell = el('td');
          for (const p of actors.get(actor).filter(x => x.period === period)) {
            const chip = el('span', { class: 'stance ' + p.stance + (p.status === 'asserted' ? '' : ' unconfirmed'), 'data-stance': p.stance, onclick: () => go('event', null, p.event_id), text: STANCE_LETTER[p.stance] });
            chip.title = `${p.date || ''} ${actor} ${p.stance} (${p.cameo} ${cameoName(p.cameo)}) → ${p.target || '–'} [${p.status}]: ${p.text}`;
            cell.appendChild(chip);
          }
          row.appendChild(cell);
        }
        tbody.appendChild(row);
      }
    }
    table.appendChild(tbody);
    const sel = el('select', { name: 'interval', id: 'f-interval' }, ['day', 'week', 'month'].map(i => el('option', { value: i, text: i })));
    sel.value = interval;
    const form = filterForm(params, f => go('issues', Object.assign({ interval: sel.value }, f)), ['issue', 'actor', 'from', 'to']);
    form.insertBefore(el('label', { for: 'f-interval' }, 'Interval', sel), form.firstChild);
    const legend = el('p', { class: 'muted' }, 'Who ',
      el('span', { class: 'stance proposed', text: 'P' }), ' proposed (CAMEO 03x, 05x), ',
      el('span', { class: 'stance demanded', text: 'D' }), ' demanded or appealed (10x, 02x), ',
      el('span', { class: 'stance accepted', text: 'A' }), ' accepted or agreed (08x, 057), ',
      el('span', { class: 'stance rejected', text: 'R' }), ' rejected (12x) what, per ' + interval + '. ',
      el('span', { class: 'stance accepted unconfirmed', text: 'A' }), ' dashed: claimed, denied or not (yet) happened. Click a mark for the event.');
    const list = el('ul', { class: 'ev-list', id: 'tracker-list' }, pts.map(p => el('li', { class: p.status === 'asserted' ? 'asserted' : 'claimed-like', onclick: () => go('event', null, p.event_id) },
      el('span', { class: 'stance ' + p.stance, text: STANCE_LETTER[p.stance] }), ' ', el('strong', { text: p.issue }), ' ', el('span', { text: p.date || '–' }), ' ',
      el('span', { class: 'actor-code', text: p.actor || '–' }), ' ' + p.stance + ' ', el('span', { class: 'muted', text: '(' + p.cameo + ' ' + cameoName(p.cameo) + ')' }), ' → ', el('span', { class: 'actor-code', text: p.target || '–' }), ' ', statusBadge(p.status),
      el('div', { class: 'muted', text: p.text }))));
    show(el('h2', null, 'Negotiation tracker'), form, legend, pts.length ? table : el('p', { class: 'muted', text: 'No stances on issues match.' }), el('h3', null, 'Statements in order'), list);
  }

  // ---- code posted text ---------------------------------------------------------------
  async function viewCode() {
    const ta = el('textarea', { id: 'code-text', placeholder: 'Paste a news article…', maxlength: 500000 });
    const date = el('input', { type: 'date', id: 'code-date' });
    const out = el('div', { id: 'code-out' });
    const run = async ev => {
      ev.preventDefault();
      clear(out);
      try {
        const res = await api('/api/code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(date.value ? { text: ta.value, date: date.value } : { text: ta.value }) });
        const mentions = res.events.map((e, i) => ({ id: 'c' + i, event: e }));
        const spans = [];
        let cursorText = ta.value;
        append(out, [el('p', { class: 'muted', text: res.sentences + ' sentences, ' + res.events.length + ' events (not stored)' }),
          el('div', { class: 'grid2' }, el('div', { class: 'panel' }, highlighted(cursorText, spans, mentions, null)),
            el('div', { class: 'panel' }, el('ul', { class: 'ev-list' }, mentions.map(m => mentionItem(m, null)))))]);
      } catch (e) { out.appendChild(errorBox(e)); }
    };
    const form = el('form', { class: 'filters', onsubmit: run }, el('label', { for: 'code-date' }, 'Publication date', date), el('button', { type: 'submit', id: 'code-run' }, 'Code'));
    show(el('h2', null, 'Code text'), el('p', { class: 'muted', text: 'The text is coded by the server and shown here; nothing is stored.' }), ta, form, out);
  }

  async function storeInfo() {
    try {
      const h = await api('/api/health');
      document.getElementById('store-info').textContent = `${h.counts.articles} articles · ${h.counts.events} events · ${h.counts.mentions} mentions`;
    } catch (e) { /* shown by the views */ }
  }

  window.addEventListener('hashchange', route);
  storeInfo();
  route();
})();
