'use strict';
(() => {
  const C = AigwConsole;
  if (!C.startPage('overview.html')) return;
  const el = C.el;

  function breakerTag(state) {
    return C.tag(state, state === 'CLOSED' ? 'ok' : state === 'HALF_OPEN' ? 'warn' : 'bad');
  }

  function render(o) {
    const blocked = o.blocks.filter(b => b.action === 'block').reduce((n, b) => n + b.count, 0);
    const requests = o.routes.reduce((n, r) => n + r.requests, 0);
    C.replace('cards',
      C.card('Chat exchanges', requests),
      C.card('In flight', o.inFlight),
      C.card('Labeled coverage', o.coverage.coverage, 'coverageValue'),
      C.card('Policy blocks', blocked),
      C.card('Audit writer', o.audit));
    C.bars('routesChart', o.routes.map(r => r.route), [
      { label: 'requests', data: o.routes.map(r => r.requests) },
      { label: 'not 2xx', data: o.routes.map(r => r.errors) }]);
    C.bars('productsChart', o.products.map(p => p.product), [
      { label: 'requests', data: o.products.map(p => p.requests) },
      { label: 'license denied', data: o.products.map(p => p.denied) },
      { label: 'blocked', data: o.products.map(p => p.blocked) }]);
    const categories = [...new Set(o.blocks.map(b => b.category + ' (' + b.action + ')'))];
    const count = (side, label) => o.blocks.filter(b => b.side === side && (b.category + ' (' + b.action + ')') === label)
      .reduce((n, b) => n + b.count, 0);
    C.bars('blocksChart', categories, [
      { label: 'prompt', data: categories.map(c => count('prompt', c)) },
      { label: 'completion', data: categories.map(c => count('completion', c)) }]);
    C.replace('coverage', C.table(['Product', 'Generated', 'Labeled', 'Coverage'],
      o.products.map(p => [p.product, p.generated, p.labeled, p.coverage]), [1, 2, 3]));
    C.replace('upstreams', C.table(['Breaker', 'State', 'Failure rate', 'Calls in window', 'Failed', 'Refused while open', 'Retries'],
      o.upstreams.map(u => [u.name, breakerTag(u.state), u.failureRate === null ? 'n/a' : u.failureRate.toFixed(1) + '%',
        u.calls, u.failedCalls, u.notPermittedCalls, u.retries]), [2, 3, 4, 5, 6]));
    C.replace('routes', C.table(['Route', 'Requests', 'Not 2xx', 'Mean time (ms)', 'By status'],
      o.routes.map(r => [r.route, r.requests, r.errors, r.meanMs,
        Object.entries(r.byStatus).map(([s, n]) => s + ': ' + n).join(', ')]), [1, 2, 3]));
    document.getElementById('quotaPanel').classList.toggle('hidden', o.quotas.length === 0);
    C.replace('quotas', C.table(['Meter', 'Tags', 'Value'],
      o.quotas.map(q => [q.name, Object.entries(q.tags).map(([k, v]) => k + '=' + v).join(' '), q.value]), [2]));
    C.replace('updated', 'Updated ' + new Date(o.time).toLocaleTimeString() + '.');
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded || '0') + 1);
  }

  async function refresh() {
    try { render(await C.api('/admin/console/overview')); } catch (e) { C.fail(e); }
  }
  refresh();
  setInterval(refresh, 5000);
})();
