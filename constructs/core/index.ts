// Public surface of the core constructs shared by every backend.
export * from './agent';
export * from './code-server';
export * from './coder-template';
export * from './errors';
export * from './labels';
export * from './names';
export * from './parameter';
export * from './range';
export * from './scheduling';
export * from './size';
