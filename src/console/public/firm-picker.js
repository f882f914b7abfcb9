/* 企援 console: the firm picker (views/pickers.njk firmPicker). Searches the firms in the caller's
   reach as one types (GET /pickers/firms) and puts the chosen firm's id in the hidden field.
   Without this file the typed name or credit code is sent and the server looks it up. */
(function () {
  'use strict';

  var counter = 0;

  function setUp(box) {
    if (box.hasAttribute('data-ready')) return;
    var input = box.querySelector('input[type=search]');
    var hidden = box.querySelector('input[type=hidden]');
    var list = box.querySelector('[role=listbox]');
    var status = box.querySelector('[data-picker-status]');
    if (!input || !hidden || !list || !window.fetch) return;
    box.setAttribute('data-ready', '');
    counter += 1;
    var prefix = 'firm-option-' + counter + '-';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    status.setAttribute('aria-live', 'polite');
    var endpoint = box.getAttribute('data-endpoint');
    var chosenName = hidden.value ? input.value : null;
    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role=option]');
      active = index;
      options.forEach(function (li, i) {
        li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index >= 0 && options[index]) {
        input.setAttribute('aria-activedescendant', options[index].id);
        options[index].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function pick(index) {
      var firm = items[index];
      if (!firm) return;
      hidden.value = String(firm.id);
      input.value = firm.name;
      chosenName = firm.name;
      status.textContent = '已选：' + firm.name + '（' + firm.creditCode + '）';
      close();
      hidden.dispatchEvent(new Event('change', { bubbles: true }));
    }

    function show(body, term) {
      items = body.items || [];
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!items.length) {
        close();
        status.textContent = '没有与“' + term + '”相符的企业（只列出您管辖范围内的企业）';
        return;
      }
      items.forEach(function (firm, i) {
        var li = document.createElement('li');
        li.id = prefix + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-firm-id', String(firm.id));
        var name = document.createElement('span');
        name.textContent = firm.name;
        var more = document.createElement('small');
        more.textContent = firm.creditCode + ' · ' + firm.regionName;
        li.appendChild(name);
        li.appendChild(more);
        // mousedown, not click: the choice lands before the field's blur closes the list.
        li.addEventListener('mousedown', function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      highlight(-1);
      status.textContent =
        body.total > items.length
          ? '共 ' + body.total + ' 家相符，显示前 ' + items.length + ' 家，可再输入几个字缩小范围'
          : '找到 ' + items.length + ' 家企业，请选择';
    }

    function search() {
      var term = input.value.trim();
      if (!term) {
        close();
        status.textContent = '输入名称或信用代码的一部分';
        return;
      }
      asked += 1;
      var mine = asked;
      fetch(endpoint + '?q=' + encodeURIComponent(term), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (body) {
          if (mine === asked) show(body, term);
        })
        .catch(function () {
          if (mine === asked) status.textContent = '搜索暂时不可用，可直接输入完整的企业名称或统一社会信用代码';
        });
    }

    input.addEventListener('input', function () {
      // Typing again undoes the choice: the id sent is always the firm whose name is shown.
      if (chosenName !== null && input.value !== chosenName) {
        hidden.value = '';
        chosenName = null;
      }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', function (event) {
      var open = !list.hidden && items.length;
      if (event.key === 'ArrowDown' && open) {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === 'ArrowUp' && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === 'Enter' && open) {
        event.preventDefault();
        pick(active >= 0 ? active : 0);
      } else if (event.key === 'Escape' && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', function () {
      setTimeout(close, 150);
    });
  }

  function setUpAll() {
    document.querySelectorAll('[data-firm-picker]').forEach(setUp);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUpAll);
  else setUpAll();
  document.addEventListener('htmx:afterSwap', setUpAll);
})();
