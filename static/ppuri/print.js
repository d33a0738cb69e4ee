// A "인쇄" button: any element with data-print opens the browser's print dialog (no inline script under
// the site's Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
