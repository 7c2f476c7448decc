import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

/** A listening socket's local address, from /proc/net/tcp or tcp6 (Linux). */
interface Listener {
  address: string;
  port: number;
}

const LISTEN = '0A';

/** `0100007F` → `127.0.0.1`; the 32 hex digits of tcp6 → an IPv6 address. */
function decodeAddress(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  // Each 32-bit word is in host (little-endian) order.
  const ordered = bytes.flatMap((_, index, all) =>
    index % 4 === 0 ? all.slice(index, index + 4).reverse() : [],
  );
  if (ordered.length === 4) return ordered.join('.');
  const words = [];
  for (let at = 0; at < 16; at += 2) {
    words.push((((ordered[at] ?? 0) << 8) | (ordered[at + 1] ?? 0)).toString(16));
  }
  return words.join(':');
}

function listeners(): Listener[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === LISTEN)
      .map((fields) => {
        const [address = '', port = ''] = (fields[1] ?? '').split(':');
        return { address: decodeAddress(address), port: Number.parseInt(port, 16) };
      }),
  );
}

const LOOPBACK = new Set(['127.0.0.1', '0:0:0:0:0:0:0:1', '0:0:0:0:0:ffff:7f00:1']);

describe.runIf(process.platform === 'linux')('The emulators', () => {
  it.each([
    ['DynamoDB Local', 'dynamodbEndpoint'],
    ['s3rver', 's3Endpoint'],
  ] as const)('%s listens on the loopback interface only', (_, endpoint) => {
    // Prepare
    const port = Number(new URL(inject(endpoint)).port);

    // Act
    const addresses = listeners()
      .filter((listener) => listener.port === port)
      .map((listener) => listener.address);

    // Assess
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((address) => !LOOPBACK.has(address))).toEqual([]);
  });
});
