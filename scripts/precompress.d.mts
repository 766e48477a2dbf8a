/** Writes .br and .gz copies beside each text file of `dir` (1 KB or more); returns them. */
export function precompress(dir: string): string[];
