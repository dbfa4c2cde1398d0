// The note form, with JavaScript: Today, Yesterday and Now fill in the answer on the spot (without
// JavaScript they send the form back to be filled in), and leaving the page with unsaved words
// asks first, except by "Exit this page", which must always leave at once.

function fillDate(form, value) {
  const [day, month, year] = value.split("-");
  const parts = { 0: day, 1: month, 2: year };
  for (const [index, text] of Object.entries(parts)) {
    const box = form.querySelector(`[name="occurred_on_${index}"]`);
    if (box) {
      box.value = text;
    }
  }
}

function startShortcuts(form, markDirty) {
  form.querySelectorAll("button[name=fill]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      if (button.dataset.fillDate) {
        fillDate(form, button.dataset.fillDate);
      }
      if (button.dataset.fillTime) {
        const time = form.querySelector("[name=occurred_time]");
        const unknown = form.querySelector("[name=time_unknown]");
        time.value = button.dataset.fillTime;
        if (unknown) {
          unknown.checked = false;
        }
        time.focus();
      }
      markDirty();
    });
  });
}

function startLeavingGuard(form) {
  let dirty = false;
  let exiting = false;
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    dirty = false; // saving, or keeping it as a draft on the way to another page
  });
  // "Exit this page" (its button, its Shift shortcut and the footer link) never waits.
  document.addEventListener(
    "click",
    (event) => {
      if (event.target.closest('a[href$="/exit/"]')) {
        exiting = true;
      }
    },
    true,
  );
  window.addEventListener("beforeunload", (event) => {
    if (!dirty || exiting || document.querySelector(".govuk-exit-this-page-overlay")) {
      return;
    }
    event.preventDefault();
    event.returnValue = ""; // the browser shows its own "Leave site?" question
  });
  return () => {
    dirty = true;
  };
}

// Radios that reveal more questions (GOV.UK's own reveal marks a radio aria-expanded, which a
// radio may not carry): show the answer's questions, hide the others'.
function startRadioReveals(form) {
  const radios = Array.from(form.querySelectorAll("input[type=radio][data-reveal]"));
  const sync = () => {
    radios.forEach((radio) => {
      const revealed = document.getElementById(radio.dataset.reveal);
      revealed.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
    });
  };
  const names = new Set(radios.map((radio) => radio.name));
  names.forEach((name) => {
    form.querySelectorAll(`input[type=radio][name="${name}"]`).forEach((radio) => {
      radio.addEventListener("change", sync);
    });
  });
  sync();
}

document.querySelectorAll("form[data-note-form]").forEach((form) => {
  startRadioReveals(form);
  const markDirty = startLeavingGuard(form);
  startShortcuts(form, markDirty);
});
