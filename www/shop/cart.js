// The shop's cart. Bundled with its source map beside the bundle (min/beside/).
export function cartTotal(cart) {
  let total = 0;
  for (const line of cart.lines) {
    total += linePrice(line);
  }
  return total;
}

function linePrice(line) {
  // A line whose product was deleted has no product: this throws.
  return line.product.price * line.quantity;
}
