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

  // Files over the limit are refused here, before anything is sent: the form keeps what was typed.
  function mb(bytes) {
    return Math.round((bytes / 1048576) * 10) / 10 + ' MB';
  }
  function fileProblem(input) {
    var max = Number(input.getAttribute('data-max-bytes'));
    var maxFiles = Number(input.getAttribute('data-max-files') || 0);
    var files = input.files || [];
    if (maxFiles && files.length > maxFiles) return '最多选择 ' + maxFiles + ' 个文件，您选择了 ' + files.length + ' 个';
    for (var i = 0; i < files.length; i += 1) {
      if (max && files[i].size > max) return '“' + files[i].name + '”有 ' + mb(files[i].size) + '，超过 ' + mb(max) + ' 的上限，请压缩或拆分后再上传';
    }
    return '';
  }
  function showFileProblem(input, text) {
    var holder = input.closest('label') || input.parentNode;
    var box = holder.querySelector('.field-error[data-client]');
    if (!text) {
      if (box) box.remove();
      input.removeAttribute('aria-invalid');
      return;
    }
    if (!box) {
      box = document.createElement('small');
      box.className = 'field-error';
      box.setAttribute('data-client', '');
      box.setAttribute('data-testid', 'field-error-' + input.name);
      box.id = 'err-client-' + input.name;
      holder.appendChild(box);
    }
    box.textContent = text;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', box.id);
  }
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === 'file' && input.hasAttribute('data-max-bytes')) {
      showFileProblem(input, fileProblem(input));
    }
  });

  // Ask before irreversible actions; disable the button so a double click posts once.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var inputs = form.querySelectorAll('input[type=file][data-max-bytes]');
    for (var i = 0; i < inputs.length; i += 1) {
      var problem = fileProblem(inputs[i]);
      showFileProblem(inputs[i], problem);
      if (problem) {
        event.preventDefault();
        inputs[i].focus();
        return;
      }
    }
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

  // Live countdowns: the page carries the server's "now" (the clock deadlines are judged by) and
  // each deadline; the text is recounted every 30 s from there, as the server would write it.
  var serverNow = Date.parse(document.body.getAttribute('data-now') || '');
  var loadedAt = Date.now();
  function span(ms) {
    var abs = Math.abs(ms);
    var days = Math.floor(abs / 86400000);
    var hours = Math.floor((abs % 86400000) / 3600000);
    var minutes = Math.floor((abs % 3600000) / 60000);
    var text = days > 0 ? days + '天' + hours + '小时' : hours > 0 ? hours + '小时' + minutes + '分' : minutes + '分钟';
    return ms >= 0 ? '剩余 ' + text : '已超期 ' + text;
  }
  function tick() {
    if (isNaN(serverNow)) return;
    var now = serverNow + (Date.now() - loadedAt);
    document.querySelectorAll('small[data-due]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-due'));
      if (isNaN(due)) return;
      el.textContent = span(due - now);
      var box = el.closest('.due');
      if (box && due < now) box.classList.add('due-over');
    });
  }
  setInterval(tick, 30000);
  document.addEventListener('htmx:afterSwap', function () {
    serverNow = Date.parse(document.body.getAttribute('data-now') || '');
    loadedAt = Date.now();
  });

  // The menu's unread badge follows new messages without a reload (a small poll, same origin).
  var inbox = document.querySelector('nav.nav a[href="/notifications"]');
  function showUnread(count) {
    var badge = inbox.querySelector('[data-testid=nav-unread]');
    if (!count) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'tag tag-red';
      badge.setAttribute('data-testid', 'nav-unread');
      inbox.appendChild(document.createTextNode(' '));
      inbox.appendChild(badge);
    }
    badge.textContent = count > 99 ? '99+' : String(count);
    badge.title = count + ' 条未读';
  }
  function poll() {
    if (!inbox || !window.fetch || document.hidden) return;
    fetch('/notifications/unread-count', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (body) {
        if (body && typeof body.unread === 'number') showUnread(body.unread);
      })
      .catch(function () {
        /* offline: try again next time */
      });
  }
  var pollSeconds = Number(document.body.getAttribute('data-poll-seconds') || 60);
  if (inbox) setInterval(poll, pollSeconds * 1000);
  // Coming back to the tab: recount at once rather than at the next interval.
  window.addEventListener('focus', function () {
    tick();
    poll();
  });

  // A wide table that scrolls sideways (on a phone) must be reachable by keyboard: the scrolling
  // box becomes a named, focusable region, and stops being one when it fits again.
  function markScrollableTables() {
    var boxes = document.querySelectorAll('.table-wrap');
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        if (!box.hasAttribute('aria-label')) box.setAttribute('aria-label', '表格（可左右滑动查看）');
      } else if (box.getAttribute('role') === 'region') {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
      }
    }
  }
  markScrollableTables();
  window.addEventListener('resize', markScrollableTables);
})();
