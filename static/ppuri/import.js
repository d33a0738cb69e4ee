// Polls an import's progress and reloads the page for the report once the worker has finished.
(function () {
  "use strict";
  const box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true") return;
  const bar = box.querySelector("progress");
  const percent = box.querySelector("[data-testid=import-percent]");
  const count = box.querySelector("[data-testid=import-count]");
  const status = box.querySelector("[data-testid=import-status]");
  const phase = box.querySelector("[data-testid=import-phase]");

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => {
        bar.value = state.percent;
        percent.textContent = state.percent + "%";
        status.textContent = state.status_label;
        phase.textContent = state.phase_text ? " · " + state.phase_text : "";
        if (state.total) count.textContent = state.done.toLocaleString() + " / " + state.total.toLocaleString();
        if (state.finished) window.location.reload();
        else setTimeout(poll, 700);
      })
      .catch(() => setTimeout(poll, 3000));
  }
  setTimeout(poll, 300);
})();
