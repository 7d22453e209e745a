/**
 * Whether a card as a bank SMS shows it (maybe masked, e.g. `621986******7898`) is a given card:
 * same length, and every visible digit agrees.
 */
export const sameCard = (shown: string, card: string): boolean => {
  if (shown.length !== card.length) return false
  for (let i = 0; i < shown.length; i++) if (/\d/.test(shown[i]) && shown[i] !== card[i]) return false
  return true
}
