// Search-as-you-type and live facet filters for the company directory.
// Without JavaScript the form still works through plain GET submits.
(function () {
  "use strict";
  const form = document.getElementById("directory-form");
  if (!form) return;
  const body = document.getElementById("directory-body");
  let timer = null;
  let controller = null;

  function refresh() {
    const params = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + params.toString());
    params.set("partial", "1");
    if (controller) controller.abort();
    controller = new AbortController();
    form.setAttribute("aria-busy", "true");
    fetch(form.dataset.partialUrl + "?" + params.toString(), {
      signal: controller.signal,
      headers: { "X-Requested-With": "fetch" },
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        body.innerHTML = html;
        form.removeAttribute("aria-busy");
      })
      .catch((error) => {
        if (error && error.name === "AbortError") return;
        form.removeAttribute("aria-busy");
        form.submit();
      });
  }

  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.type === "radio") refresh();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
})();
