import type { TServices } from '../composition/services.js';

/**
 * What every capability's routes receive: the process's services, built by the composition
 * root (a file of its own, so that routes do not import the module that registers them).
 */
export type TRouteDeps = TServices;
