import { Validations } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthApp } from './support/synth.js';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthApp();
}, SYNTH_TIMEOUT_MS);

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(): Acknowledged[] {
  const { stateful, api } = synthesized.app;
  return [stateful, api].flatMap((stack) =>
    stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        // Recorded as `{ '<kind>::<rule id>': reason }`.
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
            path: construct.node.path,
            id: key.split('::').slice(1).join('::'),
            reason,
          })),
        ),
    ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('synthesises with no unacknowledged finding, error or warning', () => {
    expect(synthesized.violations).toEqual([]);
    expect(synthesized.error).toBeUndefined();
    expect(synthesized.assembly).toBeDefined();
  });

  it('leaves no AwsSolutions annotation in the assembly', () => {
    const messages = (synthesized.assembly?.stacks ?? []).flatMap((s) => s.messages);
    expect(
      messages.filter((m) => String(m.entry.data).includes('AwsSolutions')).map((m) => m.id),
    ).toEqual([]);
  });

  it('acknowledges each finding on a named construct, never a whole stack, with a reason', () => {
    const found = acknowledgements();
    expect(found.length).toBeGreaterThan(0);
    for (const { path, reason } of found) {
      expect(path.split('/').length, path).toBeGreaterThan(1);
      expect(reason.length, path).toBeGreaterThan(40);
    }
  });

  it('acknowledges APIG4 only on the public route', () => {
    const apig4 = acknowledgements().filter((a) => a.id === 'AwsSolutions-APIG4');
    expect(apig4.map((a) => a.path)).toEqual([expect.stringMatching(/GET--health/)]);
  });
});
