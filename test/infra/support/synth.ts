import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Node } from 'constructs';
import { vi } from 'vitest';
import { cdkJsonContext, createApp } from '../../../infra/app.js';

export interface Violation {
  rule: string;
  severity: string;
  paths: string[];
}

export interface Synthesized {
  app: ReturnType<typeof createApp>;
  assembly: CloudAssembly | undefined;
  /** Validation-plugin (cdk-nag) findings that were not acknowledged. */
  violations: Violation[];
  error: unknown;
  template(stack: Stack): Record<string, unknown>;
}

interface ValidationReport {
  pluginReports?: {
    violations?: {
      ruleName: string;
      severity?: string;
      violatingConstructs?: { constructPath: string }[];
    }[];
  }[];
}

/**
 * The app as `cdk synth` builds it, with cdk.json's context, for stage `test`, without
 * bundling: the `aws:cdk:bundling-stacks` context is empty, so no esbuild runs. `context`
 * adds to or overrides that context.
 */
export function testApp(
  context: Record<string, unknown> = {},
  outdir?: string,
): ReturnType<typeof createApp> {
  return createApp(
    new App({
      ...(outdir === undefined ? {} : { outdir }),
      context: {
        ...cdkJsonContext(),
        'aws:cdk:bundling-stacks': [],
        stage: 'test',
        account: '123456789012',
        region: 'eu-west-2',
        ...context,
      },
    }),
  );
}

/**
 * How long a test file's synth may take: 5–12 s alone, more on a machine busy with other
 * work, and vitest's default for a hook is 10 s.
 */
export const SYNTH_TIMEOUT_MS = 60_000;

/** An acknowledged rule: where, which rule (`AwsSolutions-IAM5[…]`), and why. */
export interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/**
 * The acknowledgements of one metadata entry: `Validations.acknowledge` records them as
 * `{ '<kind>::<rule id>': reason }`, the kind being `Annotation` for cdk-nag's rules.
 */
export function acknowledgementsOf(path: string, data: unknown): Acknowledgement[] {
  return Object.entries(data as Record<string, string>).map(([key, reason]) => ({
    path,
    id: key.split('::').slice(1).join('::'),
    reason,
  }));
}

/** The test app synthesised (cdk-nag included). One synth per test file. */
export function synthApp(): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'bidwright-cdk-'));
  return synthesize(testApp({}, outdir), outdir);
}

/**
 * The test app synthesised with its acknowledgements withheld from the construct tree:
 * cdk-nag, which reads them from there, reports every finding as unacknowledged, and
 * `acknowledgements` lists what the app acknowledged.
 */
export function synthWithoutAcknowledgements(): Synthesized & {
  acknowledgements: Acknowledgement[];
} {
  const acknowledgements: Acknowledgement[] = [];
  const addMetadata = Node.prototype.addMetadata;
  const withheld = vi.spyOn(Node.prototype, 'addMetadata').mockImplementation(function (
    this: Node,
    type,
    data,
    options,
  ) {
    if (type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
      acknowledgements.push(...acknowledgementsOf(this.path, data));
      return;
    }
    addMetadata.call(this, type, data, options);
  });
  try {
    const outdir = mkdtempSync(join(tmpdir(), 'bidwright-cdk-'));
    return { ...synthesize(testApp({}, outdir), outdir), acknowledgements };
  } finally {
    withheld.mockRestore();
  }
}

function synthesize(built: ReturnType<typeof createApp>, outdir: string): Synthesized {
  let assembly: CloudAssembly | undefined;
  let error: unknown;
  try {
    assembly = built.app.synth();
  } catch (caught) {
    error = caught;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report: ValidationReport = existsSync(reportFile)
    ? JSON.parse(readFileSync(reportFile, 'utf8'))
    : {};
  const violations = (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((v) => ({
      rule: v.ruleName,
      severity: v.severity ?? 'unknown',
      paths: (v.violatingConstructs ?? []).map((c) => c.constructPath),
    })),
  );
  // Every stack's template is read now, so the output directory can go at once.
  const templates = new Map<string, Record<string, unknown>>();
  for (const stack of [built.stateful, built.api]) {
    const file = join(outdir, `${stack.artifactId}.template.json`);
    if (existsSync(file)) templates.set(stack.artifactId, JSON.parse(readFileSync(file, 'utf8')));
  }
  rmSync(outdir, { recursive: true, force: true });
  return {
    app: built,
    assembly,
    violations,
    error,
    template(stack) {
      const template = templates.get(stack.artifactId);
      if (!template) throw new Error(`no template for ${stack.artifactId}`);
      return template;
    },
  };
}
