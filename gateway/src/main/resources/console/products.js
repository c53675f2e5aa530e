'use strict';
(async () => {
  const C = AigwConsole;
  if (!C.startPage('products.html')) return;
  const statusKind = { licensed: 'ok', pending: 'warn', suspended: 'bad', revoked: 'bad' };
  try {
    const data = await C.api('/admin/console/products');
    C.replace('summary', 'Licenses as the registry serving now records them, on ' + data.today + ' (' + data.zone +
      '), license mode ' + data.mode + ', grace period ' + data.graceWorkingDays +
      ' working days. Keys are never shown, only how many a product has.');
    C.replace('products', C.table(
      ['Product', 'Company', 'License', 'Number', 'Valid', 'Days left', 'Grace working days left', 'Served now', 'Licensed models', 'Keys'],
      data.products.map(p => [
        C.el('div', {}, C.el('strong', {}, p.id), C.el('div', { class: 'muted' }, p.name)),
        p.company,
        C.tag(p.status, statusKind[p.status]),
        p.number || '-',
        (p.validFrom || '...') + ' to ' + (p.validUntil || '...'),
        p.daysLeft === null ? '-' : (p.daysLeft < 0 ? C.tag('expired ' + (-p.daysLeft) + ' d ago', 'bad')
          : p.daysLeft < 30 ? C.tag(p.daysLeft + ' d', 'warn') : String(p.daysLeft)),
        p.graceWorkingDaysLeft === null ? '-' : p.graceWorkingDaysLeft + ' (until ' + p.graceUntil + ')',
        p.servable ? C.tag('yes', 'ok') : C.tag(p.denyReason, 'bad'),
        C.el('div', {}, C.el('span', { class: 'mono' }, p.models.join(', ') || '(none)'),
          C.el('div', { class: 'muted' }, p.coveredModels.length ? 'covers ' + p.coveredModels.join(', ') : 'covers no configured model')),
        p.keyCount]), [5, 9]));
    document.body.dataset.loaded = '1';
  } catch (e) { C.fail(e); }
})();
