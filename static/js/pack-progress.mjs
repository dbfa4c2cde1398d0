// With JavaScript, the pack page asks how far the build has got and moves the bar, then shows
// the finished page. Without it, a meta refresh inside <noscript> reloads the page instead.

function follow(box) {
  const url = box.dataset.statusUrl;
  const interval = (Number(box.dataset.interval) || 3) * 1000;
  const bar = box.querySelector("progress");
  const stage = document.getElementById("pack-stage");
  const percent = document.getElementById("pack-percent");

  async function ask() {
    let state;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) {
        window.location.reload();
        return;
      }
      state = await response.json();
    } catch {
      window.setTimeout(ask, interval);
      return;
    }
    if (state.finished) {
      window.location.reload();
      return;
    }
    bar.value = state.progress;
    bar.textContent = `${state.progress}%`;
    percent.textContent = `${state.progress}% done`;
    if (stage.textContent !== state.stage) {
      stage.textContent = state.stage;
    }
    window.setTimeout(ask, interval);
  }

  window.setTimeout(ask, interval);
}

document.querySelectorAll('[data-module="app-pack-progress"]').forEach(follow);
