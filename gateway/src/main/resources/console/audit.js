'use strict';
(async () => {
  const C = AigwConsole;
  if (!C.startPage('audit.html')) return;
  const kind = { verified: 'ok', broken: 'bad', unverified: 'warn' };
  try {
    const data = await C.api('/admin/console/audit');
    const v = data.verification;
    C.replace('cards',
      C.card(v.chains > 1 ? v.chains + ' chains' : 'Chain', v.valid ? C.tag('verified', 'ok') : C.tag('broken', 'bad'), 'chainValue'),
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
    C.replace('nodes', C.table(['Node', 'Chain', 'Lines', 'Records', 'Checkpoints', 'Unsigned tail', 'Last checkpoint', 'First bad line'],
      (v.nodes || []).map(n => [n.node, n.valid ? C.tag('verified', 'ok') : C.tag('broken', 'bad'), n.lines, n.records,
        n.checkpoints, n.unsignedTail, n.lastCheckpoint ? '#' + n.lastCheckpoint.seq + ' at ' + n.lastCheckpoint.time : 'none',
        n.firstBadLine ? n.firstBadLine.file + ':' + n.firstBadLine.line + ' ' + n.firstBadLine.reason : '']), [2, 3, 4, 5]));
    C.replace('days', C.table(['Day', 'Node', 'File', 'Bytes', 'Status'],
      data.days.map(d => [d.day, d.node, C.el('span', { class: 'mono' }, d.file), d.bytes, C.tag(d.status, kind[d.status])]), [3]));
    if (v.firstBadLine) {
      document.getElementById('badPanel').classList.remove('hidden');
      C.replace('bad', C.table(['Node', 'File', 'Line', 'Reason', 'Detail'],
        [[v.firstBadLine.node, v.firstBadLine.file, v.firstBadLine.line, v.firstBadLine.reason, v.firstBadLine.detail]], [2]));
    }
    document.body.dataset.loaded = '1';
  } catch (e) { C.fail(e); }
})();
