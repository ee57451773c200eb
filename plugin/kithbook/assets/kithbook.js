/* Kithbook: sort a table by clicking its headers, filter it by typing. No network, no libraries. */
(function () {
  function tableAfter(input) {
    var node = input.closest("p") || input;
    while ((node = node.nextElementSibling)) {
      var table = node.matches("table") ? node : node.querySelector("table");
      if (table) return table;
    }
    return null;
  }
  function sortable(table) {
    if (table.classList.contains("kb-sortable")) return;
    table.classList.add("kb-sortable");
    table.querySelectorAll("thead th").forEach(function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort by " + th.textContent;
      var sort = function () {
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
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }
  function setup() {
    document.querySelectorAll("input.kb-filter").forEach(function (input) {
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
    });
  }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
