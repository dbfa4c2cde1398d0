// With JavaScript, show how far each chosen file has got while the upload runs.
// Without it the form posts as usual; the server's answer is the same either way.

function bar(file) {
  const item = document.createElement("li");
  item.className = "app-progress__item";
  const label = document.createElement("span");
  label.textContent = file.name;
  const meter = document.createElement("progress");
  meter.max = file.size || 1;
  meter.value = 0;
  meter.setAttribute("aria-label", `Upload of ${file.name}`);
  item.append(label, meter);
  return { item, meter, size: file.size };
}

function start(form) {
  // A photo just taken, a sound just recorded and files chosen all go in the one upload.
  const inputs = Array.from(form.querySelectorAll("input[type=file]"));
  const list = form.querySelector("[data-upload-progress]");
  const status = form.querySelector("[data-upload-status]");
  form.addEventListener("submit", (event) => {
    const chosen = inputs.flatMap((input) => Array.from(input.files));
    if (!chosen.length || typeof XMLHttpRequest === "undefined") {
      return; // nothing chosen: let the server say so
    }
    event.preventDefault();
    const bars = chosen.map(bar);
    list.replaceChildren(...bars.map((b) => b.item));
    list.hidden = false;
    status.textContent = "Uploading. Keep this page open.";
    form.querySelector("button[type=submit]").disabled = true;

    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", (progress) => {
      // The files travel one after another, so share the bytes sent out in order.
      let left = progress.loaded;
      for (const b of bars) {
        b.meter.value = Math.max(0, Math.min(b.size, left));
        left -= b.size;
      }
    });
    request.addEventListener("load", () => {
      const type = request.getResponseHeader("Content-Type") || "";
      if (type.startsWith("application/json")) {
        window.location.assign(JSON.parse(request.responseText).next);
      } else {
        // Nothing was kept: send the form the ordinary way so the server's answer, with its
        // messages, becomes a real page (with Exit this page and its shortcut working).
        HTMLFormElement.prototype.submit.call(form);
      }
    });
    request.addEventListener("error", () => {
      status.textContent = "The upload stopped. Check your connection, then try again.";
      form.querySelector("button[type=submit]").disabled = false;
    });
    request.send(new FormData(form));
  });
}

document.querySelectorAll("form[data-upload-form]").forEach(start);
