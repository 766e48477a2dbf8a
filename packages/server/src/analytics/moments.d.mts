export function addStoredMoments(
  delta: ArrayLike<number>,
  storedJson: string | undefined,
): number[];
