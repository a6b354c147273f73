// Payments. Its bundle names a source map that was never published (min/missing/).
export function charge(card, amount) {
  return authorize(card, amount);
}

function authorize(card, amount) {
  // No card on file: this throws.
  return card.token.length > 0 && amount > 0;
}
