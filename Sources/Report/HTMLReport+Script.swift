extension HTMLReport {
    /// The page's only script: the grid's filter and the task detail view (`#task=N`), built from the JSON data
    /// with `textContent` and `createElement` only, never by parsing strings as HTML.
    static let script = #"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var texts = data.texts;
  var labels = {'aligned-correct': 'aligned and correct', 'false-alignment': 'false alignment (aligned, not correct)',
    'correct-unaligned': 'correct without aligning', 'neither': 'neither aligned nor correct', 'error': 'error (not run to the end)'};
  var purposes = {format: 'format check', own_tests: 'own tests', hidden_tests: 'hidden tests', validity: 'own tests on the reference'};
  function text(index) { return index === null || index === undefined ? null : texts[index]; }
  function add(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(parent, c); }); return; }
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  function el(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'class') node.className = attributes[name]; else node.setAttribute(name, attributes[name]);
    });
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function table(header, rows, className) {
    return el('table', {'class': className || 'calls'},
      el('thead', null, el('tr', null, header.map(function (h) { return el('th', null, h); }))),
      el('tbody', null, rows.map(function (row) {
        return el('tr', row.className ? {'class': row.className} : null,
          (row.cells || row).map(function (cell) { return el('td', null, cell); }));
      })));
  }

  // The grid's filter.
  var controls = document.querySelector('#tasks .controls');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#task-grid tbody tr'));
  var outcomeFilter = document.getElementById('filter-outcome');
  var runFilter = document.getElementById('filter-run');
  var textFilter = document.getElementById('filter-text');
  var count = document.getElementById('filter-count');
  function applyFilter() {
    var outcome = outcomeFilter.value, run = runFilter.value, needle = textFilter.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var index = Number(row.getAttribute('data-index'));
      var outcomes = data.outcomes.map(function (perRun) { return perRun[index]; });
      var considered = run === '' ? outcomes : [outcomes[Number(run)]];
      var keep = true;
      if (outcome === 'differs') keep = outcomes.some(function (o) { return o !== outcomes[0]; });
      else if (outcome) keep = considered.indexOf(outcome) >= 0;
      if (needle) keep = keep && data.tasks[index].toLowerCase().indexOf(needle) >= 0;
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = shown + ' of ' + rows.length + ' tasks shown';
  }
  [outcomeFilter, runFilter].forEach(function (control) { control.addEventListener('change', applyFilter); });
  textFilter.addEventListener('input', applyFilter);
  controls.hidden = false;
  applyFilter();

  // The detail view.
  function usage(u) {
    var s = (u.input == null ? '?' : u.input) + ' in';
    if (u.cached_input) s += ' (' + u.cached_input + ' cached)';
    return s + ' / ' + (u.output == null ? '?' : u.output) + ' out';
  }
  function testList(tests, outcomes) {
    return el('ol', {'class': 'tests', start: '0'}, tests.map(function (test, i) {
      var outcome = outcomes && outcomes[i];
      return el('li', {'class': outcome ? 't-' + outcome[1] : ''},
        el('pre', null, test === null ? '(test text not stored)' : test),
        outcome ? el('span', {'class': 'status'}, outcome[1] + (text(outcome[2]) ? ': ' + text(outcome[2]) : '')) : null);
    }));
  }
  function executionTable(executions) {
    return table(['purpose', 'on try', 'source', 'passed', 'load error', 'key'], executions.map(function (x) {
      return [purposes[x.purpose] || x.purpose, x['try'] === null ? '–' : String(x['try']), x.source,
        x.passed + '/' + x.total, text(x.load_error) || '', el('code', null, text(x.key))];
    }));
  }
  function failures(execution) {
    var failing = execution.tests.filter(function (t) { return t[1] !== 'pass'; });
    if (!failing.length && !execution.load_error) return null;
    return el('div', {'class': 'failures'},
      el('h6', null, 'Failing ' + (purposes[execution.purpose] || execution.purpose) +
        (execution['try'] ? ' (code of try ' + execution['try'] + ')' : '')),
      execution.load_error !== null ? el('p', {'class': 'load-error'}, 'load error: ' + text(execution.load_error)) : null,
      el('ul', null, failing.map(function (t) {
        return el('li', {'class': 't-' + t[1]}, el('pre', null, text(t[0]) === null ? '(test text not stored)' : text(t[0])),
          el('span', {'class': 'status'}, t[1] + (text(t[2]) ? ': ' + text(t[2]) : '')));
      })));
  }
  function tryView(attempt) {
    var r = attempt.result, parts = [];
    var title = attempt['try'] === 0 ? 'After the loop: scoring' : 'Try ' + attempt['try'];
    if (r) {
      title += r.aligned ? ' — aligned' : ' — not aligned';
      if (r.total !== undefined && r.total !== null) title += ' · ' + r.passed + '/' + r.total + ' own tests pass';
      if (r.blamed_code) title += ' · judge/feedback: code';
      if (r.blamed_tests) title += ' · tests';
    }
    var own = attempt.executions.filter(function (x) { return x.purpose === 'own_tests'; })[0];
    var codeCalls = attempt.calls.filter(function (c) { return c.code !== undefined; });
    var testCalls = attempt.calls.filter(function (c) { return c.tests !== undefined; });
    if (r && r.format_error) parts.push(el('p', {'class': 'format-error'}, 'format error: ' + r.format_error));
    function heading(name, calls, i) { return calls.length > 1 ? name + ', sample ' + (i + 1) + ' of ' + calls.length : name; }
    codeCalls.forEach(function (c, i) {
      parts.push(el('h5', null, heading('Code', codeCalls, i)), el('pre', {'class': 'code'}, text(c.code)));
    });
    if (!codeCalls.length && attempt['try'] > 1) parts.push(el('p', {'class': 'hint'}, 'Code unchanged from the previous try.'));
    testCalls.forEach(function (c, i) {
      parts.push(el('h5', null, heading('Tests written', testCalls, i)), testList(c.tests.map(text), own && own.tests.length === c.tests.length ? own.tests : null));
    });
    if (own && !testCalls.length) {
      parts.push(el('h5', null, 'Tests run'), testList(own.tests.map(function (t) { return text(t[0]); }), own.tests));
    }
    attempt.executions.forEach(function (x) { parts.push(failures(x)); });
    attempt.calls.filter(function (c) { return c.verdicts !== undefined; }).forEach(function (c) {
      parts.push(el('h5', null, 'Judge verdicts'), el('ul', {'class': 'verdicts'}, c.verdicts.map(function (v) {
        return el('li', null, 'test ' + v.test + ': the ' + v.wrong + ' is wrong — ' + text(v.reason));
      })));
    });
    attempt.calls.filter(function (c) { return c.text !== undefined; }).forEach(function (c) {
      parts.push(el('h5', null, c.phase + ' answer'), el('pre', null, text(c.text)));
    });
    if (attempt.calls.length) {
      parts.push(el('h5', null, 'Model calls'), table(['phase', 'model', 'source', 'tokens', 'key'], attempt.calls.map(function (c) {
        return [c.phase, text(c.model), c.source === 'cache' ? 'cache (replayed)' : 'live (recorded)', usage(c.usage), el('code', null, text(c.key))];
      })));
    }
    if (attempt.executions.length) parts.push(el('h5', null, 'Executions'), executionTable(attempt.executions));
    return el('details', {open: ''}, el('summary', null, title), parts);
  }
  function runView(run, detail) {
    if (!detail) return el('article', {'class': 'run'}, el('h3', null, run.label), el('p', null, 'Not in this run.'));
    var r = detail.result;
    var line = [labels[detail.outcome] || detail.outcome, 'tries ' + r.tries,
      r.aligned_at_try ? 'aligned at try ' + r.aligned_at_try : null, 'valid tests ' + r.valid_tests + '/' + r.total_tests,
      'tokens ' + r.tokens.input + ' in / ' + r.tokens.output + ' out', 'model calls ' + r.model_calls,
      '$' + Number(detail.usd).toFixed(6) + ' (priced calls)'].filter(Boolean).join(' · ');
    return el('article', {'class': 'run'},
      el('h3', null, el('span', {'class': 'o o-' + detail.outcome}, detail.outcome), ' ', run.label),
      el('p', null, line),
      r.error !== null ? el('p', {'class': 'load-error'}, 'error: ' + text(r.error)) : null,
      detail.tries.map(tryView),
      r.final_code !== null ? el('details', null, el('summary', null, 'Final code'), el('pre', {'class': 'code'}, text(r.final_code))) : null,
      r.final_tests.length ? el('details', null, el('summary', null, 'Final tests'), testList(r.final_tests.map(text), null)) : null);
  }
  function showTask(index) {
    var section = document.getElementById('detail');
    while (section.firstChild) section.removeChild(section.firstChild);
    var id = data.tasks[index];
    if (id === undefined) { add(section, el('h2', null, 'Task detail'), el('p', null, 'No task ' + index + '.')); return; }
    add(section, el('h2', null, 'Task detail: ' + id), el('p', null, el('a', {href: '#tasks'}, 'back to the grid')));
    data.runs.forEach(function (run, r) { add(section, runView(run, data.details[index][r])); });
    rows.forEach(function (row) { row.classList.toggle('selected', Number(row.getAttribute('data-index')) === index); });
  }
  function route() {
    var match = /^#task=(\d+)$/.exec(location.hash);
    if (match) { showTask(Number(match[1])); document.getElementById('detail').scrollIntoView(); }
  }
  window.addEventListener('hashchange', route);
  route();
  document.documentElement.setAttribute('data-ready', 'true');
})();
"""#
}
