// Envbox container-VMs.
export * from './workspace';
