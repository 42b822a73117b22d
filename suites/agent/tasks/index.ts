// The agent suite's tasks, in the order they run (cheapest first).
import type { AgentTask } from '../task.js';
import { createFile } from './create-file.js';
import { editFile } from './edit-file.js';
import { fixBug } from './fix-bug.js';
import { readThenEdit } from './read-then-edit.js';
import { runCommand } from './run-command.js';

export const AGENT_TASKS: readonly AgentTask[] = [createFile, editFile, runCommand, fixBug, readThenEdit];
