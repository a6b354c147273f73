// Wish lists. Its bundle's map is published but is not valid JSON (min/broken/): the viewer
// says so beside the frame and shows the minified frame.
export function addToWishlist(list, product) {
  // No list yet: this throws.
  list.items.push(product.id);
  return list;
}
