// Wires one bundle's button (by id) to code that throws.
export function onClick(id, run) {
  document.getElementById(id)?.addEventListener('click', run);
}
