// The simulator's public surface.
export { startSimulator, type ReceivedRequest, type RunningSimulator, type SimulatorOptions } from './server.js';
export { SIM_BACKENDS, type SimBackend } from './personality.js';
export { FAULT_KINDS, type FaultKind, type FaultRule } from './faults.js';
export { findProfile, SIM_PROFILES, simModelNames, type SimProfile } from './profiles/index.js';
export { SIM_VERSION } from './routes.js';
