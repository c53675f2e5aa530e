'use strict';
(async () => {
  const C = AigwConsole;
  if (!C.startPage('report.html')) return;
  const el = C.el;
  try {
    const session = await C.api('/admin/console/session');
    document.getElementById('from').value = session.today;
    document.getElementById('to').value = session.today;
  } catch (e) { C.fail(e); return; }

  function query(extra) {
    const params = new URLSearchParams({ from: document.getElementById('from').value, to: document.getElementById('to').value });
    const product = document.getElementById('product').value;
    if (product) params.set('product', product);
    for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
    return params.toString();
  }

  /** The report total's answers exempt from the explicit label, by reason (tool_call, structured, opt_out, refusal). */
  function exemptions(total) {
    return total.explicitExempt && Object.keys(total.explicitExempt).length ? total.explicitExempt : null;
  }

  function render(r) {
    const t = r.total;
    C.replace('printHeader', el('p', {}, 'Period ' + r.from + ' to ' + r.to + ', ' + (r.product || 'all products') + '.'));
    C.replace('cards',
      C.card('Requests', t.requests), C.card('Served', t.served), C.card('License denied', t.denied),
      C.card('Blocked', t.blocked), C.card('Generated', t.generated),
      C.card('Labeled coverage', t.coverage, 'reportCoverage'));
    const categories = [...new Set([...Object.keys(t.blocks.prompt), ...Object.keys(t.blocks.completion)])];
    C.bars('blocksChart', categories, [
      { label: 'prompt', data: categories.map(c => t.blocks.prompt[c] || 0) },
      { label: 'completion', data: categories.map(c => t.blocks.completion[c] || 0) }]);
    const reasons = Object.keys(t.licenseDenials);
    C.bars('denialsChart', reasons, [{ label: 'denials', data: reasons.map(k => t.licenseDenials[k]) }]);
    const shapes = exemptions(t);
    C.replace('exemptions', shapes
      ? C.table(['Answer shape', 'Answers'], Object.entries(shapes), [1])
      : el('p', { class: 'muted' }, 'This gateway\'s audit log records no exemptions from the explicit label: coverage counts every generated answer.'));
    const products = r.products.filter(p => p.explicitNeeded > 0);
    C.bars('coverageChart', products.map(p => p.product),
      [{ label: 'labeled %', data: products.map(p => Math.floor(Math.min(p.labeled, p.explicitNeeded) * 10000 / p.explicitNeeded) / 100) }],
      { scales: { y: { beginAtZero: true, max: 100 } } });
    const columns = ['Requests', 'Served', 'Denied', 'Blocked', 'Errors', 'Generated', 'Labeled', 'Coverage'];
    const figures = p => [p.requests, p.served, p.denied, p.blocked, p.errors, p.generated, p.labeled, p.coverage];
    C.replace('perProduct', C.table(['Product', ...columns], r.products.map(p => [p.product, ...figures(p)]),
      [1, 2, 3, 4, 5, 6, 7, 8]));
    C.replace('perNode', C.table(['Node', ...columns, 'Unreadable lines'],
      (r.nodes || []).map(n => [n.node, ...figures(n.total), n.unreadableLines]), [1, 2, 3, 4, 5, 6, 7, 8, 9]));
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded || '0') + 1);
  }

  async function show() {
    document.getElementById('error').textContent = '';
    try { render(await C.api('/admin/console/report?' + query())); } catch (e) { C.fail(e); }
  }

  async function exportAs(format) {
    document.getElementById('error').textContent = '';
    try {
      const file = await C.download('/admin/console/export?' + query({ format }), 'aigw-report.' + format);
      C.replace('exported', 'Saved ' + file.name + ' (' + file.bytes + ' bytes).');
    } catch (e) { C.fail(e); }
  }

  document.getElementById('period').addEventListener('submit', event => { event.preventDefault(); show(); });
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('exportPdf').addEventListener('click', () => exportAs('pdf'));
  document.getElementById('exportJson').addEventListener('click', () => exportAs('json'));
  try {
    const data = await C.api('/admin/console/products');
    const select = document.getElementById('product');
    data.products.forEach(p => select.append(el('option', { value: p.id }, p.id)));
  } catch (e) { C.fail(e); }
  show();
})();
