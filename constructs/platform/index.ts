// Platform stacks: cluster-scoped prerequisites, applied once by an administrator.
export * from './provisioner-access';
export * from './rbac';
export * from './runtime-class';
export * from './shared-disk';
export * from './stack';
export * from './workspace-namespace';
