// The suite registry: adding a suite is one file in its folder plus one line here.
import type { Suite } from '../src/run/suite.js';
import { agentSuite } from './agent/index.js';
import { contextSuite } from './context/index.js';
import { memorySuite } from './memory/index.js';
import { sessionSuite } from './session/index.js';
import { throughputSuite } from './throughput/index.js';
import { toolUseSuite } from './tool-use/index.js';

export const ALL_SUITES: readonly Suite[] = [
  throughputSuite,
  toolUseSuite,
  contextSuite,
  memorySuite,
  agentSuite,
  sessionSuite,
];
