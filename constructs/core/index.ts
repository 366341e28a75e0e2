// Public surface of the core constructs shared by every backend.
export * from './agent';
export * from './code-server';
export * from './coder-template';
export * from './errors';
export * from './files';
export * from './labels';
export * from './literals';
export * from './locals';
export * from './names';
export * from './parameter';
export * from './pod-props';
export type { PodSecurityLevel } from './pod-spec';
export * from './pod-workspace';
export * from './cluster';
export * from './range';
export * from './scheduling';
export * from './size';
export * from './network-policy';
