// Progressive enhancement only: every page works without this file.
import { initAll } from "../build/govuk-frontend.min.js";
import { watchSessionTimeout } from "./session-timeout.mjs";

initAll();

// A page restored from the back-forward cache skips the server. For signed-in pages, ask the
// server again so that Back after "Exit this page" or signing out cannot show the diary.
window.addEventListener("pageshow", (event) => {
  if (event.persisted && document.body.hasAttribute("data-signed-in")) {
    window.location.reload();
  }
});

watchSessionTimeout(document);
