/*
 * aigw console: the session and helpers shared by every page.
 * The login exchanges the admin token for a session token signed by the gateway; only that session token
 * is kept, in this tab's sessionStorage (gone when the tab closes), and sent by this script as
 * "Authorization: Bearer"; never in a URL, never in a cookie. The gateway decides when a session is over
 * (idle timeout, maximum lifetime): on its 401 the page forgets the token and asks to sign in again.
 * Each page load and, at most once a minute, a click renew the session; the overview's refresh does not.
 */
'use strict';
const AigwConsole = (() => {
  const TOKEN = 'aigw.console.session';
  const NOTICE = 'aigw.console.notice';
  const RENEW_EVERY_MS = 60 * 1000;
  let renewedAt = 0;

  function forget(notice) {
    sessionStorage.removeItem(TOKEN);
    if (notice) sessionStorage.setItem(NOTICE, notice);
    location.replace('login.html');
  }

  async function refused(response) {
    let error = '';
    try { error = (await response.json()).error || ''; } catch (e) { /* not JSON: refused all the same */ }
    forget(error === 'session_expired' ? 'Your session expired; please sign in again.'
      : 'The gateway refused the session; please sign in again.');
    throw new Error('refused');
  }

  async function request(path, method) {
    const response = await fetch(path, {
      method: method || 'GET',
      headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN) },
      cache: 'no-store', credentials: 'omit', redirect: 'error'
    });
    if (response.status === 401 || response.status === 404) await refused(response);
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response;
  }

  /** Moves the session's expiry on (the gateway answers with a new token for the same sign-in). */
  async function renew() {
    renewedAt = Date.now();
    const session = await (await request('/admin/console/session/renew', 'POST')).json();
    sessionStorage.setItem(TOKEN, session.token);
  }

  /** Sends the visitor to the login page unless this tab has a session token; true when it has. */
  function requireSession() {
    if (!sessionStorage.getItem(TOKEN)) { forget('Please sign in.'); return false; }
    renew().catch(fail);
    document.addEventListener('click', () => {
      if (Date.now() - renewedAt > RENEW_EVERY_MS) renew().catch(fail);
    }, true);
    return true;
  }

  /** GET a console endpoint as JSON, with the session's token. */
  async function api(path) {
    return (await request(path)).json();
  }

  /** GET a file with the session's token and hand it to the browser as a download. */
  async function download(path, fallbackName) {
    const response = await request(path);
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="([^"]+)"/.exec(disposition);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: match ? match[1] : fallbackName, class: 'hidden' });
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 1000);
    return { name: link.download, bytes: blob.size };
  }

  /** A DOM element; children are nodes or text (never parsed as HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function replace(id, ...children) {
    const target = document.getElementById(id);
    target.replaceChildren(...children.flat());
    return target;
  }

  function table(headers, rows, numeric) {
    const isNum = numeric || [];
    return el('table', {},
      el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { class: isNum.includes(i) ? 'num' : null }, h)))),
      el('tbody', {}, rows.length === 0
        ? el('tr', {}, el('td', { colspan: String(headers.length), class: 'muted' }, 'Nothing yet.'))
        : rows.map(r => el('tr', {}, r.map((c, i) => el('td', { class: isNum.includes(i) ? 'num' : null }, c))))));
  }

  function tag(text, kind) {
    return el('span', { class: 'tag ' + (kind || '') }, text);
  }

  function card(label, value, id) {
    return el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id: id || null }, value));
  }

  const palette = ['#2f6fb5', '#d9822b', '#3a9a5b', '#b3261e', '#7c5cc4', '#1b9aaa', '#8c6d31', '#c2487f'];

  /** A Chart.js bar chart in the canvas with that id, created once and updated in place after. */
  function bars(id, labels, datasets, options) {
    const canvas = document.getElementById(id);
    const data = { labels, datasets: datasets.map((d, i) => Object.assign({ backgroundColor: palette[i % palette.length] }, d)) };
    const existing = Chart.getChart(canvas);
    if (existing) { existing.data = data; existing.update('none'); return existing; }
    return new Chart(canvas, {
      type: 'bar', data,
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, options || {})
    });
  }

  function startPage(current) {
    if (!requireSession()) return false;
    for (const link of document.querySelectorAll('header nav a')) {
      if (link.getAttribute('href') === current) link.classList.add('current');
    }
    document.getElementById('logout').addEventListener('click', () => forget('Signed out.'));
    return true;
  }

  /** Shows what went wrong in the page's error line. */
  function fail(error) {
    const target = document.getElementById('error');
    if (target && error.message !== 'refused' && error.message !== 'expired') target.textContent = String(error.message || error);
  }

  return { TOKEN, NOTICE, api, download, el, replace, table, tag, card, bars, startPage, fail };
})();
