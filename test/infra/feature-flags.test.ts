import { FeatureFlags } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../infra/app.js';
import { testApp } from './support/synth.js';

/**
 * The stacks are built with every feature flag aws-cdk-lib recommends for a new app, set in
 * cdk.json so that an upgrade of aws-cdk-lib changes no resource until a flag is set on
 * purpose. Two flags the app decides itself.
 */
const DECIDED_BY_THE_APP: Readonly<Record<string, unknown>> = {
  // The functions run on the Node runtime the stack names, not whatever is newest.
  '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': false,
  // Set in createApp: the API stack takes the table and user pool by strong reference.
  '@aws-cdk/core:defaultCrossStackReferences': undefined,
};

describe('CDK feature flags', () => {
  it('cdk.json sets every flag aws-cdk-lib recommends, at the recommended value', () => {
    const context = cdkJsonContext();
    const expected = { ...CURRENTLY_RECOMMENDED_FLAGS, ...DECIDED_BY_THE_APP };
    const differing = Object.entries(expected)
      .filter(([flag, value]) => JSON.stringify(context[flag]) !== JSON.stringify(value))
      .map(
        ([flag, value]) =>
          `${flag}: ${JSON.stringify(context[flag])}, not ${JSON.stringify(value)}`,
      );

    expect(differing).toEqual([]);
  });

  it('the app the tests build has cdk.json’s flags', () => {
    const { api, stateful } = testApp();
    const enabled = Object.entries(cdkJsonContext())
      .filter(([, value]) => value === true)
      .map(([flag]) => flag);

    expect(enabled.length).toBeGreaterThan(50);
    for (const stack of [api, stateful]) {
      expect(enabled.filter((flag) => !FeatureFlags.of(stack).isEnabled(flag))).toEqual([]);
    }
  });
});
