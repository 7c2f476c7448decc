import { inject } from 'vitest';
import { emulatorEnv } from '../../local/emulators.js';

// Code under test reaches the emulators the way it reaches AWS: through the SDK's standard
// variables. Table and bucket names are per file (see test-stack.ts), not set here.
Object.assign(process.env, emulatorEnv(inject('dynamodbEndpoint'), inject('s3Endpoint')));
