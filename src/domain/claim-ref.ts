/**
 * A new claim's public reference. Random only: it is printed in the public log, the case list and
 * jury pages, and a filing date in it (the old C20240302-… form) told anyone when the claimant
 * fell ill or applied, which narrows down who they are. Existing refs are kept as they are.
 */
export function newClaimRef(random: Uint8Array): string {
  if (random.length < 10) throw new Error('a claim ref needs at least 80 random bits');
  return `C-${Buffer.from(random.subarray(0, 10)).toString('hex')}`;
}
