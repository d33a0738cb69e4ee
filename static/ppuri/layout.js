// The page frame: menus and the facet panel. Everything works without this file (they are <details>
// elements); with it the menus close on Escape or a click elsewhere, the facets stand open on wide
// screens in browsers that cannot style a closed <details> open, the facet panel keeps its state when
// the directory refreshes its results, and a page that comes back with errors puts focus on the first.
(function () {
  "use strict";
  const wide = window.matchMedia("(min-width: 769px)");

  // Menus: the signed-in user's dropdown and the phone menu.
  const menus = Array.from(document.querySelectorAll("details.user-menu, details.phone-menu"));
  document.addEventListener("click", (event) => {
    for (const menu of menus) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of menus) {
      if (!menu.open) continue;
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  // Facets: open beside the results on wide screens, folded behind the 필터 button on phones.
  // The directory replaces its results (and the facets with them) as one types; the panel keeps
  // whatever state the person gave it.
  let chosenOpen = null;
  function settle(filters) {
    filters.open = wide.matches || chosenOpen === true;
  }
  function watch(root) {
    root.querySelectorAll("details.filters").forEach((filters) => {
      settle(filters);
      filters.querySelector("summary").addEventListener("click", () => {
        chosenOpen = !filters.open;
      });
    });
  }
  watch(document);
  wide.addEventListener("change", () => document.querySelectorAll("details.filters").forEach(settle));
  const body = document.getElementById("directory-body");
  if (body) new MutationObserver(() => watch(body)).observe(body, { childList: true });

  // The skip link: focus the main region even where following a fragment does not.
  const skip = document.querySelector("#krds-skip-link a");
  const main = document.getElementById("main");
  if (skip && main) skip.addEventListener("click", () => main.focus());

  // A form that came back with errors: focus its first invalid field, which reads out its error.
  const invalid = document.querySelector('main [aria-invalid="true"]');
  if (invalid && document.activeElement === document.body) invalid.focus();
})();
