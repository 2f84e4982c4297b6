// The diagnostic page: builds a feed request, runs it through diagnose/api/trace and shows what each
// stage did. Every value from the engine is set as text (never as HTML): item ids and features are data.
(function () {
  'use strict';

  var ROWS = 100; // rows shown per table before "... more"
  var API = 'diagnose/api/';
  var meta = { scenes: {}, item_tables: [], recent_requests: 0 };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  function fmt(v) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v === 'number') { return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ''); }
    if (typeof v === 'object') { return JSON.stringify(v); }
    return String(v);
  }

  /** A table of rows (objects) by columns [{key, label, num}], at most ROWS of them. */
  function table(columns, rows, rowClass) {
    var head = el('tr', null);
    columns.forEach(function (c) { head.appendChild(el('th', { text: c.label || c.key })); });
    var t = el('table', null, el('thead', null, head));
    var body = el('tbody', null);
    rows.slice(0, ROWS).forEach(function (r) {
      var tr = el('tr', null);
      var cls = rowClass ? rowClass(r) : '';
      if (cls) { tr.className = cls; }
      columns.forEach(function (c) {
        var v = c.value ? c.value(r) : r[c.key];
        tr.appendChild(el('td', c.num ? { 'class': 'num', text: fmt(v) } : { text: fmt(v) }));
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    if (rows.length > ROWS) {
      return el('div', null, t, el('div', { 'class': 'more', text: '... ' + (rows.length - ROWS) + ' more' }));
    }
    return t;
  }

  function kv(label, value) {
    return el('span', { 'class': 'kv' }, el('b', { text: label + ': ' }), fmt(value));
  }

  function getJson(path) {
    return fetch(API + path, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status + ' from ' + path); }
      return r.json();
    });
  }

  /** POSTs the raw request text; resolves to the answer, rejects with the engine's message. */
  function trace(raw) {
    var table = $('table').value;
    return fetch(API + 'trace' + (table ? '?table=' + encodeURIComponent(table) : ''), {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: raw
    }).then(function (r) {
      return r.text().then(function (text) {
        var answer;
        try { answer = JSON.parse(text); } catch (e) { throw new Error('HTTP ' + r.status + ': ' + text); }
        if (answer.code !== 200 && answer.code !== 299) {
          throw new Error('code ' + answer.code + ': ' + answer.msg);
        }
        return answer;
      });
    });
  }

  function showError(box, message) {
    box.textContent = message;
    box.hidden = !message;
  }

  // ---- the request form ----

  function fillCategories() {
    var cats = meta.scenes[$('scene').value] || ['default'];
    var sel = $('category');
    sel.textContent = '';
    cats.forEach(function (c) { sel.appendChild(el('option', { value: c, text: c })); });
  }

  function requestFromFields() {
    var req = { uid: $('uid').value, size: Number($('size').value) || 10, scene_id: $('scene').value };
    if ($('category').value && $('category').value !== 'default') { req.category = $('category').value; }
    var problems = [];
    [['features', 'features'], ['itemList', 'item_list']].forEach(function (f) {
      var text = $(f[0]).value.trim();
      if (!text || text === '{}' || text === '[]') { return; }
      try { req[f[1]] = JSON.parse(text); } catch (e) { problems.push(f[1] + ' is not JSON: ' + e.message); }
    });
    showError($('error'), problems.join('\n'));
    $('raw').value = JSON.stringify(req, null, 2);
  }

  function fieldsFromRequest(text) {
    var req;
    try { req = JSON.parse(text); } catch (e) { return; }
    if (typeof req !== 'object' || req === null) { return; }
    if (req.scene_id && meta.scenes[req.scene_id]) { $('scene').value = req.scene_id; fillCategories(); }
    if (req.category) { $('category').value = req.category; }
    if (req.uid !== undefined) { $('uid').value = req.uid; }
    if (req.size !== undefined) { $('size').value = req.size; }
    $('features').value = JSON.stringify(req.features || {});
    $('itemList').value = JSON.stringify(req.item_list || []);
  }

  function loadRecent() {
    var sel = $('recent');
    sel.textContent = '';
    if (!meta.recent_requests) {
      sel.appendChild(el('option', { value: '', text: '(off: EngineConf.DiagnoseRecentRequests is 0)' }));
      return Promise.resolve();
    }
    return getJson('recent?scene=' + encodeURIComponent($('scene').value)).then(function (r) {
      if (!r.requests.length) { sel.appendChild(el('option', { value: '', text: '(none received yet)' })); }
      r.requests.forEach(function (body, i) {
        sel.appendChild(el('option', { value: body, text: '#' + (i + 1) + ' ' + body.slice(0, 80) }));
      });
    });
  }

  // ---- the result ----

  function renderSummary(a) {
    var acc = a.trace.accounting;
    var box = $('summary');
    box.textContent = '';
    box.appendChild(el('div', null, kv('code', a.code), kv('msg', a.msg), kv('request_id', a.request_id),
      kv('scene', a.scene_id), kv('category', a.category), kv('uid', a.uid), kv('experiment_id', a.experiment_id || '(none)'),
      kv('total ms', a.trace.total_ms)));
    box.appendChild(el('div', { id: 'accounting' }, kv('recalled', acc.recalled),
      acc.added_by_pipelines ? kv('added by pipelines', acc.added_by_pipelines) : null,
      kv('removed by filters', acc.removed_by_filters),
      acc.removed_by_general_rank ? kv('removed by coarse rank', acc.removed_by_general_rank) : null,
      kv('removed by sorts', acc.removed_by_sorts), kv('truncated', acc.truncated), kv('returned', acc.returned),
      el('span', { 'class': acc.balanced ? 'ok' : 'bad', text: acc.balanced ? 'every candidate accounted for' : 'not balanced' })));
  }

  function finalList(a) {
    var detailKeys = [];
    a.items.forEach(function (i) {
      Object.keys(i.details || {}).forEach(function (k) { if (detailKeys.indexOf(k) < 0) { detailKeys.push(k); } });
    });
    var cols = [{ key: 'position', label: '#', num: true }, { key: 'item_id' }, { key: 'score', num: true },
      { key: 'retrieve_id' }, { key: 'experiment_id' }];
    detailKeys.forEach(function (k) { cols.push({ key: k, value: function (r) { return (r.details || {})[k]; } }); });
    var t = table(cols, a.items);
    t.id = 'final-list';
    return t;
  }

  function renderTimeline(a) {
    var bars = [];
    // a stage, then what ran inside it or beside it as sub-bars: recalls, a coarse rank's or a pipeline's steps
    function addBars(s, indent, sub) {
      bars.push({ label: indent + s.stage + (s.name ? ' ' + s.name : ''), start: s.start_ms, ms: s.ms,
        sub: sub || s.stage === 'cold_start_rank' });
      if (s.stage === 'recall') {
        (s.recalls || []).forEach(function (r) {
          bars.push({ label: indent + '  ' + r.name + (r.error ? ' (' + r.error + ')' : ''), start: s.start_ms, ms: r.ms || 0, sub: true });
        });
      }
      (s.steps || []).forEach(function (step) { addBars(step, indent + '  ', true); });
      (s.pipelines || []).forEach(function (p) {
        bars.push({ label: indent + '  pipeline ' + p.name + (p.error ? ' (' + p.error + ')' : ''), start: p.start_ms, ms: p.ms, sub: true });
        p.steps.forEach(function (step) { addBars(step, indent + '    ', true); });
      });
    }
    a.trace.stages.forEach(function (s) { addBars(s, '', false); });
    var total = Math.max(a.trace.total_ms, 0.001);
    var width = 900, left = 220, rowH = 18, right = 70;
    var svgNs = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(bars.length * rowH + 4));
    svg.setAttribute('id', 'timeline-chart');
    var slowest = bars.reduce(function (m, b) { return b.sub ? m : Math.max(m, b.ms); }, 0);
    bars.forEach(function (b, i) {
      var y = i * rowH + 2;
      var text = document.createElementNS(svgNs, 'text');
      text.setAttribute('x', '2');
      text.setAttribute('y', String(y + 12));
      text.textContent = b.label;
      svg.appendChild(text);
      var rect = document.createElementNS(svgNs, 'rect');
      var scale = (width - left - right) / total;
      rect.setAttribute('x', String(left + b.start * scale));
      rect.setAttribute('y', String(y + 2));
      rect.setAttribute('width', String(Math.max(1, b.ms * scale)));
      rect.setAttribute('height', String(rowH - 5));
      rect.setAttribute('fill', b.sub ? '#9ecbff' : (b.ms === slowest && b.ms > 0 ? '#d1242f' : '#1f6feb'));
      svg.appendChild(rect);
      var ms = document.createElementNS(svgNs, 'text');
      ms.setAttribute('x', String(Math.min(width - right + 4, left + (b.start + b.ms) * scale + 4)));
      ms.setAttribute('y', String(y + 12));
      ms.textContent = fmt(b.ms) + ' ms';
      svg.appendChild(ms);
    });
    var box = $('timeline');
    box.textContent = '';
    box.appendChild(svg);
  }

  /** A stage's collapsible section; the long ones (a row per item) start closed. */
  function section(stage, title, ms, closed) {
    var d = el('details', { 'data-stage': stage },
      el('summary', null, title + (ms === undefined ? '' : '  (' + fmt(ms) + ' ms)')));
    if (!closed) { d.open = true; }
    return d;
  }

  function featureTable(features) {
    var rows = Object.keys(features || {}).map(function (k) { return { name: k, value: features[k] }; });
    return rows.length ? table([{ key: 'name' }, { key: 'value' }], rows) : el('p', { 'class': 'muted', text: 'no features' });
  }

  /** The sections of the steps inside a coarse rank or a pipeline, tagged data-step (not data-stage). */
  function stepSections(parent, steps, a) {
    steps.forEach(function (step) {
      var d = stageSection(step, a, true);
      d.setAttribute('data-step', step.stage);
      d.removeAttribute('data-stage');
      parent.appendChild(d);
    });
  }

  function scoreTable(items) {
    var models = [];
    items.forEach(function (i) { Object.keys(i.algo_scores).forEach(function (k) { if (models.indexOf(k) < 0) { models.push(k); } }); });
    return table([{ key: 'item_id' }].concat(models.map(function (m) {
      return { key: m, num: true, value: function (r) { return r.algo_scores[m]; } };
    })).concat([{ key: 'score', num: true }]), items);
  }

  /** @param nested true for a step inside a coarse rank or a pipeline (whose RankScore is not the scene's) */
  function stageSection(s, a, nested) {
    var d;
    switch (s.stage) {
      case 'general_rank':
        d = section('general_rank', 'Coarse rank ' + s.name + ': ' + s.before + ' \u2192 ' + s.after + ' (' + s.removed.length + ' removed)', s.ms);
        if (!s.steps.length) { d.appendChild(el('p', { 'class': 'muted', text: 'no steps: no items' })); }
        stepSections(d, s.steps, a);
        return d;
      case 'cold_start_rank':
        d = section('cold_start_rank', 'Cold-start rank ' + s.name + (s.recall ? ' (recall ' + s.recall + ', beside the rank)' : '') +
          ': ' + s.items.length + ' items', s.ms, s.items.length > 20);
        d.appendChild(scoreTable(s.items));
        return d;
      case 'pipelines':
        d = section('pipelines', 'Pipelines merged: ' + s.before + ' \u2192 ' + s.after + ' (' + s.added + ' added)', s.ms);
        s.pipelines.forEach(function (p) {
          var one = el('details', { 'data-pipeline': p.name }, el('summary', { text: 'pipeline ' + p.name + ': ' + p.count + ' items, ' +
            fmt(p.ms) + ' ms from ' + fmt(p.start_ms) + ' ms' + (p.error ? ', failed (' + p.error + '): adds nothing' : '') }));
          one.open = true;
          stepSections(one, p.steps, a);
          d.appendChild(one);
        });
        return d;
      case 'user_features':
        d = section('user_features', 'User features', s.ms);
        d.appendChild(featureTable(s.features));
        return d;
      case 'recall':
        d = section('recall', 'Recall: ' + s.count + ' candidates', s.ms);
        (s.recalls || []).forEach(function (r) {
          var one = el('details', { 'data-recall': r.name }, el('summary', { text: r.name + ': ' + r.count + ' items' +
            (r.ms !== undefined ? ', ' + fmt(r.ms) + ' ms' : '') + (r.error ? ', failed (' + r.error + ')' : '') }));
          if (r.items.length) { one.appendChild(table([{ key: 'item_id' }, { key: 'score', num: true }], r.items)); }
          d.appendChild(one);
        });
        return d;
      case 'filter':
        d = section('filter', 'Filter ' + s.name + ': ' + s.before + ' \u2192 ' + s.after + ' (' + s.removed.length + ' removed)', s.ms, s.removed.length > 20);
        if (s.removed.length) {
          d.appendChild(table([{ key: 'position', num: true }, { key: 'item_id' }, { key: 'retrieve_id' }, { key: 'reason' }], s.removed, function () { return 'removed'; }));
        }
        return d;
      case 'item_features':
        d = section('item_features', 'Item features: ' + s.items.length + ' items', s.ms, true);
        var keys = [];
        s.items.forEach(function (i) { Object.keys(i.features).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
        d.appendChild(table([{ key: 'item_id' }].concat(keys.map(function (k) {
          return { key: k, value: function (r) { return r.features[k]; } };
        })), s.items));
        return d;
      case 'rank':
        d = section('rank', 'Rank: ' + s.items.length + ' items', s.ms, true);
        if (!nested) {
          d.appendChild(el('p', null, el('b', { text: 'RankScore: ' }), a.rank_score || '(none: the models\' scores as they are)'));
        }
        var models = [];
        s.items.forEach(function (i) { Object.keys(i.algo_scores).forEach(function (k) { if (models.indexOf(k) < 0) { models.push(k); } }); });
        d.appendChild(table([{ key: 'item_id' }].concat(models.map(function (m) {
          return { key: m, num: true, value: function (r) { return r.algo_scores[m]; } };
        })).concat([{ key: 'score', label: 'score (RankScore)', num: true }]), s.items));
        return d;
      case 'sort':
        d = section('sort', 'Sort ' + s.name + ': ' + s.moved + ' of ' + s.after + ' moved', s.ms, true);
        d.appendChild(table([{ key: 'to', label: 'position', num: true }, { key: 'item_id' },
          { key: 'from', label: 'before', num: true },
          { key: 'move', value: function (r) {
            if (r.from === null) { return 'new'; }
            var delta = r.from - r.to;
            return delta === 0 ? '' : (delta > 0 ? '\u2191' + delta : '\u2193' + (-delta));
          } }], s.moves, function (r) { return r.from !== r.to ? 'moved' : ''; }));
        if (s.removed.length) {
          d.appendChild(el('h4', { text: 'dropped' }));
          d.appendChild(table([{ key: 'position', num: true }, { key: 'item_id' }, { key: 'reason' }], s.removed, function () { return 'removed'; }));
        }
        return d;
      case 'truncate':
        d = section('truncate', 'Truncate to size ' + s.size + ': ' + s.before + ' \u2192 ' + s.after, s.ms, true);
        if (s.removed.length) {
          d.appendChild(table([{ key: 'position', num: true }, { key: 'item_id' }, { key: 'retrieve_id' }], s.removed, function () { return 'removed'; }));
        }
        return d;
      default:
        d = section(s.stage, s.stage, s.ms);
        d.appendChild(el('pre', { text: JSON.stringify(s, null, 2) }));
        return d;
    }
  }

  function render(a) {
    renderSummary(a);
    var fin = $('final');
    fin.textContent = '';
    fin.appendChild(a.items.length ? finalList(a) : el('p', { 'class': 'muted', text: 'no items' }));
    renderTimeline(a);
    var box = $('stages');
    box.textContent = '';
    a.trace.stages.forEach(function (s) { box.appendChild(stageSection(s, a)); });
    var logs = section('logs', 'Log lines: ' + a.logs.length);
    logs.appendChild(el('pre', { 'class': 'logs', text: a.logs.join('\n') }));
    box.appendChild(logs);
    var resp = section('response', 'The answer /api/rec/feed gives', undefined, true);
    resp.appendChild(el('pre', { text: JSON.stringify(a.response, null, 2) }));
    box.appendChild(resp);
    $('result').hidden = false;
  }

  function diagnose() {
    if (!$('raw').value.trim()) { requestFromFields(); }
    showError($('error'), '');
    $('status').textContent = 'diagnosing...';
    return trace($('raw').value).then(function (a) {
      render(a);
      $('status').textContent = 'diagnosed ' + a.request_id;
    }).catch(function (e) {
      $('result').hidden = true;
      showError($('error'), e.message);
      $('status').textContent = 'failed';
    });
  }

  // ---- compare ----

  function compareLists(a, b) {
    var posA = {}, posB = {};
    a.items.forEach(function (i) { posA[i.item_id] = i.position; });
    b.items.forEach(function (i) { posB[i.item_id] = i.position; });
    function side(answer, other, label) {
      var mark = function (r) {
        var o = other[r.item_id];
        return o === undefined ? 'only' : (o !== r.position ? 'moved' : '');
      };
      return el('div', null, el('h4', { text: label + ': ' + answer.uid + ' / ' + answer.scene_id + ', ' + answer.items.length + ' items, ' + fmt(answer.trace.total_ms) + ' ms' }),
        table([{ key: 'position', label: '#', num: true }, { key: 'item_id' }, { key: 'score', num: true }, { key: 'retrieve_id' },
          { key: 'diff', value: function (r) {
            var o = other[r.item_id];
            return o === undefined ? 'only in ' + label : (o !== r.position ? 'at ' + o + ' in the other' : '');
          } }], answer.items, mark));
    }
    var only = a.items.filter(function (i) { return posB[i.item_id] === undefined; }).length +
      b.items.filter(function (i) { return posA[i.item_id] === undefined; }).length;
    var moved = a.items.filter(function (i) { return posB[i.item_id] !== undefined && posB[i.item_id] !== i.position; }).length;
    var box = $('compareResult');
    box.textContent = '';
    box.appendChild(el('p', { id: 'compareSummary', text: only + ' items in one list only, ' + moved + ' at another position' }));
    box.appendChild(el('div', { 'class': 'side' }, side(a, posB, 'A'), side(b, posA, 'B')));
  }

  function compare() {
    showError($('compareError'), '');
    if (!$('raw').value.trim()) { requestFromFields(); }
    return Promise.all([trace($('raw').value), trace($('rawB').value)]).then(function (both) {
      compareLists(both[0], both[1]);
    }).catch(function (e) {
      showError($('compareError'), e.message);
    });
  }

  // ---- start ----

  function start() {
    $('scene').addEventListener('change', function () { fillCategories(); requestFromFields(); loadRecent(); });
    ['category', 'uid', 'size', 'features', 'itemList'].forEach(function (id) {
      $(id).addEventListener('change', requestFromFields);
    });
    $('build').addEventListener('click', requestFromFields);
    $('replay').addEventListener('click', function () {
      if ($('recent').value) { $('raw').value = $('recent').value; fieldsFromRequest($('raw').value); }
    });
    $('diagnose').addEventListener('click', diagnose);
    $('copyA').addEventListener('click', function () { $('rawB').value = $('raw').value; });
    $('compareRun').addEventListener('click', compare);
    getJson('meta').then(function (m) {
      meta = m;
      var scenes = Object.keys(m.scenes);
      scenes.forEach(function (s) { $('scene').appendChild(el('option', { value: s, text: s })); });
      m.item_tables.forEach(function (t) { $('table').appendChild(el('option', { value: t, text: t })); });
      fillCategories();
      requestFromFields();
      $('status').textContent = scenes.length + ' scenes';
      return loadRecent();
    }).catch(function (e) { showError($('error'), e.message); });
  }

  start();
}());
