import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (esbuild `alias`,
 * infra/bidwright-function.ts). Lambda puts the execution role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN before the handler loads,
 * and the default chain reads those first; its other providers (SSO, STS web identity,
 * profiles, container and instance metadata: about 90 KB of every bundle) are never reached
 * there. Without those variables a call fails at once with the SDK's "Unable to find
 * environment variable credentials". Code run from source (the local stack, the CLI) keeps
 * the whole default chain.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
