import { Validations } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Acknowledgement,
  acknowledgementsOf,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthApp,
  synthWithoutAcknowledgements,
} from './support/synth.js';

let synthesized: Synthesized;
/** The same app with its acknowledgements withheld, so cdk-nag reports every finding. */
let unacknowledged: ReturnType<typeof synthWithoutAcknowledgements>;

beforeAll(() => {
  synthesized = synthApp();
  unacknowledged = synthWithoutAcknowledgements();
}, 2 * SYNTH_TIMEOUT_MS);

function acknowledgements(): Acknowledgement[] {
  const { stateful, api } = synthesized.app;
  return [stateful, api].flatMap((stack) =>
    stack.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => acknowledgementsOf(construct.node.path, entry.data)),
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

  it('acknowledges only what cdk-nag finds: each acknowledgement matches a finding on its construct or below', () => {
    // Prepare
    const { acknowledgements: acknowledged, violations } = unacknowledged;
    const findings = violations.flatMap((v) => v.paths.map((path) => ({ rule: v.rule, path })));
    // The withheld ones are the app's acknowledgements, every one of them.
    const byPlace = (a: Acknowledgement, b: Acknowledgement) =>
      `${a.path} ${a.id}`.localeCompare(`${b.path} ${b.id}`);
    expect([...acknowledged].sort(byPlace)).toEqual(acknowledgements().sort(byPlace));

    // Act
    const stale = acknowledged.filter(
      ({ path, id }) =>
        !findings.some((f) => f.rule === id && (f.path === path || f.path.startsWith(`${path}/`))),
    );

    // Assess
    expect(stale).toEqual([]);
  });

  it('acknowledges COG8 for what Plus adds over Essentials: threat protection, not passwordless sign-in', () => {
    // Passkeys and one-time-password sign-in are Essentials features.
    const [cog8] = acknowledgements().filter((a) => a.id === 'AwsSolutions-COG8');
    expect(cog8?.reason).toMatch(/threat protection/);
    expect(cog8?.reason).not.toMatch(/passwordless|passkey|one-time/i);
  });

  it('acknowledges APIG4 only on the public route', () => {
    const apig4 = acknowledgements().filter((a) => a.id === 'AwsSolutions-APIG4');
    expect(apig4.map((a) => a.path)).toEqual([expect.stringMatching(/GET--health/)]);
  });
});
