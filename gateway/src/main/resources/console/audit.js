'use strict';
(async () => {
  const C = AigwConsole;
  if (!C.startPage('audit.html')) return;
  const kind = { verified: 'ok', broken: 'bad', unverified: 'warn' };
  try {
    const data = await C.api('/admin/console/audit');
    const v = data.verification;
    C.replace('cards',
      C.card('Chain', v.valid ? C.tag('verified', 'ok') : C.tag('broken', 'bad'), 'chainValue'),
      C.card('Lines checked', v.lines),
      C.card('Exchange records', v.records),
      C.card('Signed checkpoints', v.checkpoints),
      C.card('Unsigned tail', v.unsignedTail),
      C.card('Writer', data.writer));
    C.replace('checkpoint', v.lastCheckpoint
      ? C.table(['Seq', 'Time', 'Key id (kid)'], [[v.lastCheckpoint.seq, v.lastCheckpoint.time,
        C.el('span', { class: 'mono' }, v.lastCheckpoint.kid)]])
      : C.el('p', { class: 'muted' }, 'No checkpoint yet.'));
    C.replace('anchor', C.el('p', {}, C.tag(data.anchor.status.replace('_', ' '), data.anchor.status === 'verified' ? 'ok' : data.anchor.status === 'mismatch' ? 'bad' : 'warn')),
      C.el('p', { class: 'muted' }, data.anchor.detail),
      C.el('p', {}, 'Signing key: ', C.el('span', { class: 'mono' }, data.kid)));
    C.replace('days', C.table(['Day', 'Node', 'File', 'Bytes', 'Status'],
      data.days.map(d => [d.day, d.node, C.el('span', { class: 'mono' }, d.file), d.bytes, C.tag(d.status, kind[d.status])]), [3]));
    if (v.firstBadLine) {
      document.getElementById('badPanel').classList.remove('hidden');
      C.replace('bad', C.table(['File', 'Line', 'Reason', 'Detail'],
        [[v.firstBadLine.file, v.firstBadLine.line, v.firstBadLine.reason, v.firstBadLine.detail]], [1]));
    }
    document.body.dataset.loaded = '1';
  } catch (e) { C.fail(e); }
})();
