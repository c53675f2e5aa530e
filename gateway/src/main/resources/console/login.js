'use strict';
(() => {
  const C = AigwConsole;
  const notice = sessionStorage.getItem(C.NOTICE);
  if (notice) {
    const box = document.getElementById('notice');
    box.textContent = notice;
    box.classList.remove('hidden');
    sessionStorage.removeItem(C.NOTICE);
  }
  document.getElementById('login').addEventListener('submit', async event => {
    event.preventDefault();
    const error = document.getElementById('error');
    const token = document.getElementById('token').value.trim();
    error.textContent = '';
    let response;
    try {
      response = await fetch('/admin/console/session', {
        method: 'POST', headers: { 'Authorization': 'Bearer ' + token }, cache: 'no-store', credentials: 'omit',
        redirect: 'error'
      });
    } catch (e) {
      error.textContent = 'The gateway did not answer: ' + e.message;
      return;
    }
    if (response.status === 401) { error.textContent = 'Wrong token: the gateway refused it.'; return; }
    if (!response.ok) { error.textContent = 'The gateway answered HTTP ' + response.status + '.'; return; }
    const session = await response.json();
    sessionStorage.setItem(C.TOKEN, session.token);
    location.replace('overview.html');
  });
})();
