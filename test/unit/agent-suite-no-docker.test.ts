import { afterEach, describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import { agentSuite } from '../../suites/agent/index.js';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe('agent suite without Docker', () => {
  it('is opt-in', () => {
    expect(agentSuite.id).toBe('agent');
    expect(agentSuite.defaultOn).toBe(false);
  });

  it('records an error saying how to enable it instead of crashing', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    const { ctx, records } = collectingContext({ model: 'sim-good', suite: 'agent', host: 'http://127.0.0.1:9' });
    await expect(agentSuite.run(ctx)).resolves.toBeUndefined();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ metric: 'agent_tasks_passed', status: 'error', value: null });
    expect(records[0].detail).toMatch(/Docker/i);
    expect(records[0].advice).toMatch(/Docker/);
  });
});
