// Stock keeping. Bundled with its source map inline, as a data: URL (min/inline/).
export function reserve(stock, sku, count) {
  const left = remaining(stock, sku);
  return left - count;
}

function remaining(stock, sku) {
  const entry = stock.get(sku);
  // An unknown SKU has no entry: this throws.
  return entry.available - entry.held;
}
