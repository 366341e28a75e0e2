// gVisor RuntimeClass pools and sandboxed workspaces.
export * from './nvproxy-drivers';
export * from './pool';
export * from './workspace';
