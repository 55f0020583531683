export function sourcesStamp(root: string): string;
export function buildIsCurrent(root: string, stamp?: string): boolean;
export function writeStamp(root: string, stamp: string): void;
