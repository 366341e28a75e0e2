// Public surface of the registry-module constructs: the module data, one module block, a workspace's set.
export * from './catalog';
export * from './registry-module';
export * from './workspace-modules';
