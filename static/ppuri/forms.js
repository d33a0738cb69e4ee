// Progressive enhancement of Ppuri's forms; every form works without it.
// - select[data-typeahead]: a search box before a long (grouped) list narrows its options as one types.
// - ol[data-step-builder]: the process steps of a sourcing request — add, remove, move up and down.
//   The selects keep the field's name, so the order posted is the order shown.
// - [data-confirm] on a button, form or link: asks before a destructive action.
// - After a refused form, focus goes to the first field with an error.
"use strict";
(function () {
  function normalise(text) {
    return (text || "").toLowerCase().replace(/\s+/g, "");
  }

  // --- type-ahead ------------------------------------------------------------------------------
  function filterOptions(select, query) {
    const wanted = normalise(query);
    let shown = 0;
    for (const option of select.options) {
      if (option.value === "") continue; // the empty "선택하세요" stays
      const group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
      const match = !wanted || normalise(option.text).includes(wanted) || normalise(group).includes(wanted);
      option.hidden = !match && !option.selected; // never hide what is chosen
      if (match) shown += 1;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    }
    return shown;
  }

  function firstShown(select) {
    return Array.from(select.options).find((option) => option.value !== "" && !option.hidden);
  }

  function addTypeahead(select) {
    if (select.dataset.typeaheadReady) return;
    select.dataset.typeaheadReady = "1";
    const box = document.createElement("input");
    box.type = "search";
    box.className = "typeahead";
    box.placeholder = select.dataset.typeahead;
    box.autocomplete = "off";
    const label = select.getAttribute("aria-label") || (select.labels[0] ? select.labels[0].textContent.trim() : "");
    box.setAttribute("aria-label", (label + " " + select.dataset.typeahead).trim());
    box.setAttribute("aria-controls", select.id);
    box.addEventListener("input", () => filterOptions(select, box.value));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        // Enter picks the first option left, instead of submitting the form half filled.
        event.preventDefault();
        const option = firstShown(select);
        if (option) {
          select.value = option.value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    select.before(box);
  }

  // --- step builder ----------------------------------------------------------------------------
  function stepButton(label, action, text) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "step-" + action;
    button.dataset.stepAction = action;
    button.textContent = text;
    button.setAttribute("aria-label", label);
    return button;
  }

  function initStepBuilder(list) {
    const firstId = list.dataset.stepBuilder;
    const stepLabel = (n) => list.dataset.stepLabel.replace("%(n)s", n);
    const template = list.querySelector("select").cloneNode(true);
    template.removeAttribute("required");
    template.removeAttribute("data-typeahead-ready");
    for (const option of template.options) {
      option.selected = false;
      option.hidden = false;
    }
    for (const group of template.querySelectorAll("optgroup")) group.hidden = false;

    function steps() {
      return Array.from(list.querySelectorAll(":scope > li.step"));
    }

    function decorate(item) {
      const tools = document.createElement("span");
      tools.className = "step-tools";
      tools.append(stepButton("", "up", "↑"), stepButton("", "down", "↓"), stepButton("", "remove", "×"));
      item.append(tools);
      const select = item.querySelector("select");
      select.addEventListener("change", () => {
        // Choosing in the last step opens the next one, as the page without JavaScript offers.
        if (select.value && item === steps().at(-1)) addStep(false);
      });
      if (select.dataset.typeahead) addTypeahead(select);
    }

    function renumber() {
      steps().forEach((item, index) => {
        const n = index + 1;
        const select = item.querySelector("select");
        select.id = n === 1 ? firstId : firstId + "_" + n;
        select.required = n === 1 && list.dataset.required === "1";
        select.setAttribute("aria-label", stepLabel(n));
        const box = item.querySelector("input.typeahead");
        if (box) {
          box.setAttribute("aria-controls", select.id);
          box.setAttribute("aria-label", stepLabel(n) + " " + select.dataset.typeahead);
        }
        const [up, down, remove] = item.querySelectorAll(".step-tools button");
        up.setAttribute("aria-label", stepLabel(n) + " " + list.dataset.upLabel);
        down.setAttribute("aria-label", stepLabel(n) + " " + list.dataset.downLabel);
        remove.setAttribute("aria-label", stepLabel(n) + " " + list.dataset.removeLabel);
        up.disabled = n === 1;
        down.disabled = n === steps().length;
        up.title = list.dataset.upLabel;
        down.title = list.dataset.downLabel;
        remove.title = list.dataset.removeLabel;
      });
    }

    function addStep(focus) {
      const item = document.createElement("li");
      item.className = "step";
      item.append(template.cloneNode(true));
      list.append(item);
      decorate(item);
      renumber();
      if (focus) (item.querySelector("input.typeahead") || item.querySelector("select")).focus();
      return item;
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-step-action]");
      if (!button) return;
      const item = button.closest("li.step");
      const action = button.dataset.stepAction;
      if (action === "up" && item.previousElementSibling) {
        item.previousElementSibling.before(item);
      } else if (action === "down" && item.nextElementSibling) {
        item.nextElementSibling.after(item);
      } else if (action === "remove") {
        if (steps().length === 1) addStep(false);
        item.remove();
      }
      renumber();
      // Keep the keyboard where it was: on the moved step's button, or the next step after a removal.
      const again = item.isConnected ? item.querySelector(`[data-step-action="${action}"]`) : null;
      if (again && !again.disabled) again.focus();
      else if (!item.isConnected) list.nextElementSibling.focus();
    });

    list.dataset.required = list.querySelector("select").required ? "1" : "0";
    // The page without JavaScript offers several empty steps; the builder shows the chosen ones and
    // one empty step to add the next.
    const chosen = steps().filter((item) => item.querySelector("select").value);
    for (const item of steps()) if (!chosen.includes(item)) item.remove();
    for (const item of chosen) decorate(item);
    addStep(false);

    const add = document.createElement("button");
    add.type = "button";
    add.className = "step-add";
    add.dataset.testid = "add-step";
    add.textContent = list.dataset.addLabel;
    add.addEventListener("click", () => {
      const last = steps().at(-1);
      if (last && !last.querySelector("select").value) {
        (last.querySelector("input.typeahead") || last.querySelector("select")).focus();
      } else {
        addStep(true);
      }
    });
    list.after(add);
  }

  // --- confirmations ---------------------------------------------------------------------------
  document.addEventListener(
    "submit",
    (event) => {
      const asking = (event.submitter && event.submitter.closest("[data-confirm]")) || event.target.closest("[data-confirm]");
      if (asking && !window.confirm(asking.dataset.confirm)) event.preventDefault();
    },
    true,
  );
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.dataset.confirm)) event.preventDefault();
  });

  function init() {
    for (const list of document.querySelectorAll("ol[data-step-builder]")) initStepBuilder(list);
    for (const select of document.querySelectorAll("select[data-typeahead]")) addTypeahead(select);
    const invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid && !document.querySelector("[autofocus]")) invalid.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
