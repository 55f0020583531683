export interface SourcesStamp { all: string; workers: string }
export function sourcesStamp(root: string): SourcesStamp;
export function buildIsCurrent(root: string, stamp?: SourcesStamp): boolean;
export function workersBundleIsCurrent(root: string): boolean;
export function writeStamp(root: string, stamp: SourcesStamp): void;
