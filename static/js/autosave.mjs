// Keeps a new or draft note on the server while it is being typed. Without JavaScript,
// "Save as a draft" does the same job by hand.

const INTERVAL_MS = 15000;

function start(form) {
  const url = form.dataset.autosaveUrl;
  const status = form.querySelector("[data-autosave-status]");
  const seen = form.querySelector("[name=seen_updated_at]");
  let dirty = false;
  let busy = false;

  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    dirty = false; // the real save is on its way
  });

  setInterval(async () => {
    if (!dirty || busy) {
      return;
    }
    busy = true;
    dirty = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      const result = response.ok ? await response.json() : { saved: false };
      if (result.saved) {
        status.textContent = result.message;
        if (seen) {
          seen.value = result.updated_at;
        }
      }
    } catch {
      dirty = true; // try again next time
    } finally {
      busy = false;
    }
  }, INTERVAL_MS);
}

document.querySelectorAll("form[data-autosave-url]").forEach(start);
