// The JupyterLite buttons (tools/web_pages.py) show only where JupyterLite is served beside the
// site (GitHub Pages: site/ and lite/ side by side), never as a link to a 404: a page served
// alone, or opened as a file, keeps them hidden.
document.addEventListener("DOMContentLoaded", () => {
  const buttons = document.querySelectorAll("a.launch.lite");
  if (!buttons.length || location.protocol === "file:") return;
  const app = new URL(buttons[0].getAttribute("href"), location.href);
  app.search = "";
  fetch(app, { method: "HEAD", cache: "no-store" })
    .then((response) => {
      if (response.ok) buttons.forEach((button) => button.classList.add("available"));
    })
    .catch(() => {});
});
