export function registerSimulateCommand(_p: import("commander").Command): void {}
