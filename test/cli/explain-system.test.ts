/** `explain --system`, `--systems` and `--workload`: what the catalogue knows, as the CLI prints it. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { systems } from '../../src/knowledge/systems.js';

function run(argv: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

const FIXTURES = path.resolve(import.meta.dirname, '../knowledge/systems');

describe('explain --system', () => {
  for (const entry of systems()) {
    it(`prints ${entry.id} with its ports, failure and sources`, () => {
      const { code, stdout, stderr } = run(['explain', '--system', entry.id]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      for (const text of [entry.name, entry.needsNotReadyPeers.failure, ...entry.sources, ...entry.ports.map((p) => p.name)]) expect(stdout).toContain(text);
      // What the system's own documentation says about Istio, with where it says it.
      for (const advice of entry.istio ?? []) expect(stdout).toContain(`${advice.recommendation} (${advice.source})`);
      for (const bind of entry.bindSettings ?? []) expect(stdout).toContain(bind.setting);
    });
  }

  it('has Istio advice for the systems whose own documentation gives some', () => {
    expect(systems().filter((s) => (s.istio ?? []).length > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('refuses an unknown system with a suggestion', () => {
    const { code, stderr } = run(['explain', '--system', 'zookeper']);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean "zookeeper"');
  });

  it('lists the catalogue', () => {
    const { code, stdout } = run(['explain', '--systems']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(systems().length);
    expect(stdout).toMatch(/^rabbitmq\s+RabbitMQ; peer ports: 4369, amqp \+ 20000$/m);
  });
});

describe('explain --workload', () => {
  it('says what a workload runs, from which line, and the ports its peers dial', () => {
    const { code, stdout, stderr } = run(['explain', '--workload', 'cache/redis-cluster', 'redis.yaml'], FIXTURES);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('StatefulSet cache/redis-cluster runs Redis (redis), mode cluster');
    expect(stdout).toMatch(/image\s+image docker\.io\/bitnami\/redis-cluster:7\.4\.1-debian-12-r0 {2}\(redis\.yaml:\d+:\d+\)/);
    expect(stdout).toMatch(/16379\s+bus\s+gossip\s+tcp, by pod-ip through Service cache\/redis-cluster-headless/);
    expect(stdout).toContain('client port 6379 + 10000 (REDIS_PORT_NUMBER=6379)');
  });

  it('says so when the workload runs nothing it knows', () => {
    const { code, stdout } = run(['explain', '--workload', 'app', 'zookeeper.yaml'], FIXTURES);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
