// The GOV.UK timeout warning: shortly before the idle limit, offer "Stay signed in".
// The server keeps the real clock; this only asks it how long is left.

const STATUS_URL = "/session/status/";
const KEEP_ALIVE_URL = "/session/keep-alive/";

function csrfToken(root) {
  const input = root.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function describe(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

async function askServer(url, options) {
  try {
    const response = await fetch(url, { credentials: "same-origin", ...options });
    return await response.json();
  } catch {
    // An answer that is not ours (say, the sign-in page): take it that the session has ended.
    return { signed_in: false, seconds_left: 0 };
  }
}

export function watchSessionTimeout(root) {
  const body = root.body;
  const dialog = root.getElementById("timeout-warning");
  if (!body.hasAttribute("data-signed-in") || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idleSeconds = Number(body.dataset.sessionIdleSeconds);
  const warningSeconds = Number(body.dataset.sessionWarningSeconds);
  const countdown = dialog.querySelector(".app-timeout-dialog__countdown");
  let checkTimer;
  let tickTimer;

  function schedule(secondsLeft) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, Math.max(1, secondsLeft - warningSeconds) * 1000);
  }

  // Forms with words typed into them but not yet sent.
  const unsaved = new Set();
  root.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.method === "post") {
      unsaved.add(form);
    }
  });
  root.addEventListener("submit", (event) => unsaved.delete(event.target));

  function signedOut() {
    const form = [...unsaved][0];
    if (form) {
      // Send what was typed, flagged, so the server keeps it for after signing in again.
      const flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "_session_timed_out";
      flag.value = "1";
      form.append(flag);
      HTMLFormElement.prototype.submit.call(form);
    } else {
      window.location.reload();
    }
  }

  function showWarning(secondsLeft) {
    let left = secondsLeft;
    countdown.textContent = describe(left);
    if (!dialog.open) {
      dialog.showModal();
    }
    clearInterval(tickTimer);
    tickTimer = setInterval(() => {
      left -= 1;
      if (left <= 0) {
        clearInterval(tickTimer);
        signedOut();
        return;
      }
      // Update the words once a minute, then every second at the end, to avoid a noisy screen reader.
      if (left < 60 || left % 60 === 0) {
        countdown.textContent = describe(left);
      }
    }, 1000);
  }

  async function check() {
    const status = await askServer(STATUS_URL);
    if (!status.signed_in || status.seconds_left <= 0) {
      signedOut();
    } else if (status.seconds_left <= warningSeconds) {
      showWarning(status.seconds_left);
    } else {
      schedule(status.seconds_left);
    }
  }

  dialog.querySelector("[data-timeout-action=stay]").addEventListener("click", async () => {
    const status = await askServer(KEEP_ALIVE_URL, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(dialog), "X-Requested-With": "fetch" },
    });
    clearInterval(tickTimer);
    dialog.close();
    if (!status.signed_in) {
      signedOut();
    } else {
      schedule(status.seconds_left);
    }
  });

  // Escape closes a native dialog; treat that as "stay signed in" rather than silently ignoring it.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector("[data-timeout-action=stay]").click();
  });

  schedule(idleSeconds);
}
