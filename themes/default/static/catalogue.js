// The filters of a practice catalogue (section.html with `section.facets`).
//
// Without this script the page lists, for each facet, links to its values' taxonomy pages. With
// it, those links give way to checkboxes that filter the cards at once: a card stays when, for
// every facet with a ticked value, it has one of the ticked values (any value within a facet,
// every facet together). The ticked values are kept in the URL (`?f0=cambriolages&f1=suivi`),
// so a filtered catalogue can be bookmarked and shared; the status line says how many cards
// show, and is announced by screen readers.
(function () {
  "use strict";
  var form = document.querySelector("form[data-facets]");
  var list = document.querySelector("[data-facets-list]");
  if (!form || !list) {
    return;
  }
  var cards = Array.prototype.slice.call(list.children);
  var status = form.querySelector("[data-facets-status]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var key = function (box) {
    return "f" + box.closest("[data-facet]").getAttribute("data-facet");
  };

  function apply() {
    var chosen = {};
    boxes.forEach(function (box) {
      if (box.checked) {
        (chosen[key(box)] = chosen[key(box)] || []).push(box.value);
      }
    });
    var facets = Object.keys(chosen);
    var shown = 0;
    cards.forEach(function (card) {
      var keep = facets.every(function (facet) {
        var has = (card.getAttribute("data-" + facet) || "").split(" ");
        return chosen[facet].some(function (value) {
          return has.indexOf(value) >= 0;
        });
      });
      card.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    status.textContent = form
      .getAttribute("data-status")
      .replace("{shown}", String(shown))
      .replace("{total}", String(cards.length));
    var query = new URLSearchParams();
    facets.forEach(function (facet) {
      chosen[facet].forEach(function (value) {
        query.append(facet, value);
      });
    });
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  var wanted = new URLSearchParams(location.search);
  boxes.forEach(function (box) {
    if (wanted.getAll(key(box)).indexOf(box.value) >= 0) {
      box.checked = true;
      box.closest("details").open = true;
    }
  });
  var links = document.querySelector("[data-facets-links]");
  if (links) {
    links.hidden = true;
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () {
    // The boxes are cleared after the event.
    setTimeout(apply, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  apply();
})();
