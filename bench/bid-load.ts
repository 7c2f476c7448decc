/**
 * What bench/api.bench.ts and bench/soak.bench.ts share: the POST /bids they send against
 * the local stack, and the DynamoDB Local JVM they watch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ApiClient } from '../local/api-client.js';
import { EXAMPLE_PROGRAMME_ID, EXAMPLE_TEMPLATE_ID, seedExample } from '../local/seed.js';

export interface BidTarget {
  url: string;
  token: string;
  body: { programmeId: string; templateId: string; snapshotId: string };
}

/**
 * Seeds the example programme and template through the API as the writer and takes a
 * snapshot: every POST /bids naming it then renders and stores a bid.
 */
export async function seedBidTarget(url: string, writerToken: string): Promise<BidTarget> {
  const writer = new ApiClient(url, writerToken);
  await seedExample(writer);
  const snapshot = await writer.post<{ id: string }>(
    `/programmes/${EXAMPLE_PROGRAMME_ID}/snapshots`,
  );
  if (snapshot.status !== 201 && snapshot.status !== 200) {
    throw new Error(`snapshot: ${snapshot.status} ${JSON.stringify(snapshot.body)}`);
  }
  return {
    url,
    token: writerToken,
    body: {
      programmeId: EXAMPLE_PROGRAMME_ID,
      templateId: EXAMPLE_TEMPLATE_ID,
      snapshotId: snapshot.body.id,
    },
  };
}

/** The pid of this process's DynamoDB Local JVM (Linux /proc), if found. */
export function dynamoDbLocalPid(): number | undefined {
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal')) {
        return Number(pid);
      }
    }
  } catch {
    // Not Linux, or the process went away.
  }
  return undefined;
}
