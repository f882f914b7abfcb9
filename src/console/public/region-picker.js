/* 企援 console: the region picker's search (views/pickers.njk regionPicker). Without this file the
   grouped <select> works as it is; with it, a search box above the list narrows it as one types. */
(function () {
  'use strict';

  function setUp(box) {
    var select = box.querySelector('select');
    if (!select || box.hasAttribute('data-ready')) return;
    box.setAttribute('data-ready', '');
    var label = box.querySelector('label');
    var search = document.createElement('input');
    search.type = 'search';
    search.className = 'picker-search';
    search.autocomplete = 'off';
    search.placeholder = box.getAttribute('data-placeholder') || '输入地区名称或代码筛选';
    search.setAttribute('aria-label', '筛选' + (label ? label.textContent : '地区'));
    search.setAttribute('aria-controls', select.id);
    search.setAttribute('data-testid', 'region-search-' + select.name);
    var status = document.createElement('small');
    status.className = 'hint';
    status.setAttribute('aria-live', 'polite');
    status.hidden = true;
    select.parentNode.insertBefore(search, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    // The list as rendered: options outside groups (blank, province, a refused code) and the groups.
    var entries = [];
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === 'OPTGROUP') entries.push({ group: child, options: Array.prototype.slice.call(child.children) });
      else entries.push({ group: null, options: [child] });
    });

    function matches(option, term) {
      if (!option.hasAttribute('data-search')) return true; // the blank choice and a refused code stay
      // In a multiple list what is chosen stays in it (an option taken out of the list is not sent).
      if (select.multiple && option.selected) return true;
      return option.getAttribute('data-search').indexOf(term) !== -1;
    }

    // The choice survives a search that matches nothing and comes back when the search is cleared.
    var chosen = select.value;
    select.addEventListener('change', function () {
      chosen = select.value;
    });

    function filter() {
      var term = search.value.trim().toLowerCase();
      var first = null;
      var count = 0;
      while (select.firstChild) select.removeChild(select.firstChild);
      entries.forEach(function (entry) {
        var kept = entry.options.filter(function (o) {
          return !term || matches(o, term);
        });
        kept.forEach(function (o) {
          if (o.hasAttribute('data-search')) {
            count += 1;
            if (!first) first = o;
          }
        });
        if (entry.group) {
          while (entry.group.firstChild) entry.group.removeChild(entry.group.firstChild);
          kept.forEach(function (o) {
            entry.group.appendChild(o);
          });
          if (kept.length) select.appendChild(entry.group);
        } else if (kept.length) {
          select.appendChild(kept[0]);
        }
      });
      var still = Array.prototype.some.call(select.options, function (o) {
        return o.value === chosen && (!term || o.hasAttribute('data-search'));
      });
      if (select.multiple) {
        status.hidden = !term;
        status.textContent = !term ? '' : count ? '找到 ' + count + ' 个地区（含已选），按住 Ctrl 或 ⌘ 可多选' : '没有匹配的地区';
        return;
      }
      // Searching chooses: the first match unless the current choice is still among them.
      if (term && first && !still) {
        select.value = first.value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        select.value = chosen;
      }
      status.hidden = !term;
      status.textContent = !term
        ? ''
        : count
          ? '找到 ' + count + ' 个地区，已选“' + select.options[select.selectedIndex].text.trim() + '”'
          : '没有匹配的地区';
    }

    search.addEventListener('input', filter);
    search.addEventListener('keydown', function (event) {
      // Enter picks what the search found instead of sending the form half filled.
      if (event.key === 'Enter') {
        event.preventDefault();
        select.focus();
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll('[data-region-picker]').forEach(setUp);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUpAll);
  else setUpAll();
  document.addEventListener('htmx:afterSwap', setUpAll);
})();
