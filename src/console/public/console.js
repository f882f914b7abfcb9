/* 企援 console: small progressive enhancements. Every page works without this file. */
(function () {
  'use strict';

  function toast(text) {
    var box = document.getElementById('toast');
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () {
      box.hidden = true;
    }, 6000);
  }

  // htmx requests get JSON errors (see ConsoleExceptionFilter): show the Chinese message.
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    var message = '操作失败（' + xhr.status + '）';
    try {
      var body = JSON.parse(xhr.responseText);
      if (body.consoleMessage) message = body.consoleMessage;
      if (body.consoleDetails && body.consoleDetails.length) message += '：' + body.consoleDetails.slice(0, 3).join('；');
    } catch (e) {
      /* not JSON: keep the generic message */
    }
    toast(message);
  });
  document.addEventListener('htmx:sendError', function () {
    toast('网络异常，请检查网络后重试');
  });

  // Ask before irreversible actions; disable the button so a double click posts once.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute('hx-post') || form.hasAttribute('hx-get')) return;
    var buttons = form.querySelectorAll('button[type=submit], button:not([type])');
    setTimeout(function () {
      buttons.forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });

  // Exports: fetch the file with a visible progress indicator, then hand it to the browser.
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-download]') : null;
    if (!link || !window.fetch || !window.URL) return;
    event.preventDefault();
    var indicator = document.getElementById(link.getAttribute('data-indicator') || '');
    if (indicator) indicator.classList.add('busy');
    link.setAttribute('aria-busy', 'true');
    fetch(link.href, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(
            function (body) {
              throw new Error(body.consoleMessage || '导出失败（' + response.status + '）');
            },
            function () {
              throw new Error('导出失败（' + response.status + '）');
            },
          );
        }
        var disposition = response.headers.get('content-disposition') || '';
        var match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
        var name = match ? decodeURIComponent(match[1]) : link.getAttribute('data-download') || 'export.xlsx';
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = document.createElement('a');
          a.href = url;
          a.download = name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 1000);
          toast('已生成：' + name);
        });
      })
      .catch(function (error) {
        toast(error.message || '导出失败');
      })
      .finally(function () {
        if (indicator) indicator.classList.remove('busy');
        link.removeAttribute('aria-busy');
      });
  });
})();
