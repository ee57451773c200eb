/* Kithbook: sortable tables, a filter box, and the touches' filters. No network, no libraries.
   Tables keep Material's own look: Material styles (and wraps in a scroll container) only
   tables without a class, so this script marks them with a data attribute instead. */
(function () {
  function tableAfter(node) {
    node = node.closest("p, form, div.kb-filters") || node;
    while ((node = node.nextElementSibling)) {
      var table = node.matches("table") ? node : node.querySelector("table");
      if (table) return table;
    }
    return null;
  }
  function sortBy(table, th, column) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
      var order = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function sortable(table) {
    if (table.hasAttribute("data-kb-sortable")) return;
    table.setAttribute("data-kb-sortable", "");
    table.querySelectorAll("thead th").forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.title = "Sort by " + button.textContent;
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, column); });
    });
  }
  function filterBox(input) {
    var table = tableAfter(input);
    if (!table) return;
    sortable(table);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }
  /* The touches index: one table per month; rows carry no attributes (Markdown tables),
     so the filters read the cells: Date (YYYY-MM-DD...), With, Kind. */
  function touchFilters(form) {
    var selects = form.querySelectorAll("select[data-kb-filter]");
    var status = form.querySelector("[data-kb-count]");
    var apply = function () {
      var want = {};
      selects.forEach(function (s) { want[s.getAttribute("data-kb-filter")] = s.value; });
      var shown = 0;
      document.querySelectorAll("article table").forEach(function (table) {
        var any = false;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var date = row.cells[0].textContent.trim(), kind = row.cells[3].textContent.trim();
          var people = Array.prototype.map.call(row.cells[2].querySelectorAll("a"), function (a) {
            var found = /people\/([^\/.]+)/.exec(a.getAttribute("href") || "");
            return found ? found[1] : "";
          });
          var ok = (!want.month || date.indexOf(want.month) === 0) &&
            (!want.kind || kind === want.kind) &&
            (!want.person || people.indexOf(want.person) >= 0);
          row.hidden = !ok;
          if (ok) { any = true; shown += 1; }
        });
        var box = table.closest(".md-typeset__scrollwrap") || table;
        box.hidden = !any;
        var heading = box.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      if (status) status.textContent = shown + " shown";
    };
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  /* What Material leaves unnamed: its search dialog, the task boxes (pymdownx.tasklist
     writes a label with no text), and the boxes a wide table scrolls in (reachable by
     keyboard, so they can be scrolled without a mouse). */
  function accessible() {
    document.querySelectorAll(".md-search").forEach(function (dialog) {
      if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll(".task-list-control input[type=checkbox]").forEach(function (box) {
      if (box.hasAttribute("aria-label")) return;
      var item = box.closest("li");
      var text = item ? item.textContent.trim().split("\n")[0] : "";
      box.setAttribute("aria-label", (box.checked ? "Done: " : "To do: ") + text);
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    });
  }
  /* A year of activity is wider than a phone: show its latest weeks first. */
  function latestFirst() {
    document.querySelectorAll(".kb-heatmap-box").forEach(function (box) {
      box.scrollLeft = box.scrollWidth;
    });
  }
  function setup() {
    accessible();
    latestFirst();
    document.querySelectorAll("input.kb-filter").forEach(filterBox);
    document.querySelectorAll("form.kb-filters").forEach(touchFilters);
  }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
