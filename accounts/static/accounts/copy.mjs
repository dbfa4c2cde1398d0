// "Copy" buttons: copy the text named by data-copy-from (without spaces when data-copy-compact),
// then say so in the button's own words, which stay until the page is left: a word that vanished
// after a few seconds could be missed by someone who looked away. Without JavaScript the text
// stays selectable instead.
for (const button of document.querySelectorAll("[data-copy-from]")) {
  const source = document.getElementById(button.dataset.copyFrom);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let text = source.textContent.trim();
    if ("copyCompact" in button.dataset) text = text.replace(/\s+/g, "");
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Could not copy: select the key and copy it";
    }
  });
}
