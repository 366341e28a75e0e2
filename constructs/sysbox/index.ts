// Sysbox container-VMs.
export * from './boot';
export * from './workspace';
