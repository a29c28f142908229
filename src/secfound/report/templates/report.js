// secfound HTML report: search, filters and views over the findings already in the page.
// Reads data-* attributes and textContent only; writes `hidden`, `open`, aria-pressed and
// textContent. It never builds markup from strings: the Content-Security-Policy allows this
// script by its hash, and nothing else.
(function () {
  "use strict";
  var doc = document;
  var controls = doc.getElementById("controls");
  if (!controls) {
    return;
  }
  var search = doc.getElementById("q");
  var counter = doc.getElementById("counter");
  var noMatch = doc.getElementById("no-match");
  var showSuppressed = doc.getElementById("suppressed");
  var boxes = Array.prototype.slice.call(controls.querySelectorAll("input[type=checkbox]"));
  var views = Array.prototype.slice.call(doc.querySelectorAll(".view"));
  var buttons = Array.prototype.slice.call(controls.querySelectorAll(".view-btn"));
  var more = Array.prototype.slice.call(doc.querySelectorAll("tr.more"));
  // A huge page stays fast by laying out only part of it: at most `cap` findings per group
  // and `budget` groups per view are shown until the reader asks for more.
  var cap = Number(controls.dataset.cap) || 100;
  var budgets = {};
  views.forEach(function (view) {
    budgets[view.id] = Number(controls.dataset.groups) || 200;
  });

  // One entry per group: its element, its findings, and each finding's searchable text
  // (the group's heading, so a check id or a resource name matches all its rows, and the
  // row's own text), lower-cased once, when first searched.
  var groups = Array.prototype.slice.call(doc.querySelectorAll("[data-g]")).map(function (g) {
    var entry = {
      el: g,
      view: g.closest(".view"),
      items: Array.prototype.slice.call(g.querySelectorAll(".f")),
      button: g.querySelector(".more-btn"),
      cap: cap,
      texts: null
    };
    if (entry.button) {
      entry.button.addEventListener("click", function () {
        entry.cap = Infinity;
        apply();
      });
    }
    return entry;
  });

  function textsOf(group) {
    if (group.texts === null) {
      var head = group.el.querySelector(".gh");
      var headText = head ? head.textContent.toLowerCase() : "";
      group.texts = group.items.map(function (item) {
        return headText + " " + item.textContent.toLowerCase();
      });
    }
    return group.texts;
  }

  function checkedValues(name) {
    var chosen = {};
    controls.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
      chosen[box.value] = box.checked;
    });
    return chosen;
  }

  function activeView() {
    for (var i = 0; i < views.length; i++) {
      if (!views[i].hidden) {
        return views[i];
      }
    }
    return views[0];
  }

  function apply() {
    var statuses = checkedValues("status");
    var severities = checkedValues("severity");
    var suppressed = showSuppressed.checked;
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var current = activeView();
    var shown = 0;
    var matching = 0;
    var listed = 0;
    var groupsShown = {};
    var groupsMatching = {};
    groups.forEach(function (group) {
      var texts = terms.length ? textsOf(group) : null;
      var found = 0;
      var visible = 0;
      group.items.forEach(function (item, index) {
        var ok = statuses[item.dataset.s] === true &&
          severities[item.dataset.v] === true &&
          (suppressed || item.dataset.u !== "1");
        for (var t = 0; ok && t < terms.length; t++) {
          ok = texts[index].indexOf(terms[t]) !== -1;
        }
        if (ok) {
          found++;
        }
        item.hidden = !ok || found > group.cap;
        if (!item.hidden) {
          visible++;
        }
      });
      var id = group.view.id;
      if (found > 0) {
        groupsMatching[id] = (groupsMatching[id] || 0) + 1;
      }
      var inBudget = (groupsMatching[id] || 0) <= budgets[id];
      group.el.hidden = found === 0 || !inBudget;
      if (group.button) {
        group.button.hidden = group.el.hidden || found <= group.cap;
        group.button.textContent = "Show all " + found + " matching findings (" +
          (found - visible) + " more)";
      }
      if (group.view === current) {
        listed += group.items.length;
        matching += found;
        if (!group.el.hidden) {
          shown += visible;
        }
      }
      if (!group.el.hidden) {
        groupsShown[id] = (groupsShown[id] || 0) + 1;
      }
    });
    views.forEach(function (view) {
      var button = view.querySelector(".more-groups");
      var rest = (groupsMatching[view.id] || 0) - (groupsShown[view.id] || 0);
      button.hidden = rest <= 0;
      button.textContent = "Show " + rest + " more group" + (rest === 1 ? "" : "s");
    });
    more.forEach(function (row) {
      row.hidden = statuses.passed !== true || terms.length > 0;
    });
    counter.textContent = "Showing " + shown + " of " + matching + " matching findings (" +
      listed + " listed)";
    noMatch.hidden = matching !== 0;
  }

  function showView(id) {
    views.forEach(function (view) {
      view.hidden = view.id !== id;
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === id));
    });
    apply();
  }

  var pending = null;
  search.addEventListener("input", function () {
    if (pending !== null) {
      clearTimeout(pending);
    }
    pending = setTimeout(function () {
      pending = null;
      apply();
    }, 120);
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", apply);
  });
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      showView(button.dataset.view);
    });
  });
  views.forEach(function (view) {
    view.querySelector(".more-groups").addEventListener("click", function () {
      budgets[view.id] = Infinity;
      apply();
    });
  });
  // A link to a check's group (from the overview or the resource view) shows that view
  // first, so the browser has a visible target to scroll to.
  doc.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#check-']");
    if (link) {
      showView("by-check");
      var target = doc.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        target.hidden = false;
      }
    }
  });
  // Printing shows every explanation expanded, and every finding the filters let through.
  window.addEventListener("beforeprint", function () {
    doc.querySelectorAll("details").forEach(function (d) {
      d.open = true;
    });
    groups.forEach(function (group) {
      group.cap = Infinity;
    });
    views.forEach(function (view) {
      budgets[view.id] = Infinity;
    });
    apply();
  });

  controls.hidden = false;
  showView("by-check");
})();
