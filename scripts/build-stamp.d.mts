export interface SourcesStamp { all: string; workers: string; cli: string }
export function sourcesStamp(root: string): SourcesStamp;
export function buildIsCurrent(root: string, stamp?: SourcesStamp): boolean;
export function bundleIsCurrent(root: string, name: 'workers' | 'cli'): boolean;
export function writeStamp(root: string, stamp: SourcesStamp): void;
