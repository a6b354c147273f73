// New in release 1.1: gift cards. Bundled before the checkout, so the checkout's code moves
// and its minified names change.
export function giftCardBalance(card, ledger) {
  const entries = ledger.filter((entry) => entry.card === card.number);
  const credited = entries.filter((entry) => entry.kind === 'credit');
  const debited = entries.filter((entry) => entry.kind === 'debit');
  return sumOf(credited) - sumOf(debited);
}

function sumOf(entries) {
  return entries.reduce((total, entry) => total + entry.amount, 0);
}

export function redeem(card, ledger, amount) {
  const balance = giftCardBalance(card, ledger);
  if (balance < amount) return { ok: false, balance };
  ledger.push({ card: card.number, kind: 'debit', amount });
  return { ok: true, balance: balance - amount };
}

globalThis.giftCards = { giftCardBalance, redeem };
