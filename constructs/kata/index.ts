// Kata Containers runtime classes and micro-VM workspaces.
export * from './hypervisors';
export * from './runtime-class';
export * from './workspace';
