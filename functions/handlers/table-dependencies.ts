import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../clients/dynamodb.js';
import { type Clock, systemClock } from '../clock.js';
import { readTableConfig, type TableConfig } from '../config.js';
import { type IdGenerator, randomIds } from '../ids/ids.js';
import type { BidStore } from '../stores/bid-store.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import type { TemplateStore } from '../stores/template-store.js';

/** The stores of the table. */
export interface TableStores {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  templates: TemplateStore;
  bids: BidStore;
}

/**
 * What a use case that touches only the table needs. Kept apart from the PDF store so that
 * the functions that never see S3 do not bundle or load the S3 client.
 */
export interface TableDependencies extends TableStores {
  clock: Clock;
  ids: IdGenerator;
}

/** A DynamoDB store class: made on the DocumentClient and the table's name. */
type StoreClass<T> = new (documents: DynamoDBDocumentClient, tableName: string) => T;

/** The class of each of some stores. */
export type StoreClasses<S> = { [K in keyof S]: StoreClass<S[K]> };

/** The clock and the ids, which every function has. */
export type Basics = Pick<TableDependencies, 'clock' | 'ids'>;

/** What a function that touches the stores `K` needs. */
export type WithStores<K extends keyof TableStores> = Pick<TableStores, K> & Basics;

/**
 * The stores of `classes` on one DocumentClient, with the clock and the ids. The classes
 * are passed in, so that a function's bundle holds only the stores it names.
 */
export function tableDependencies<S extends object>(
  config: TableConfig,
  classes: StoreClasses<S>,
): S & Basics {
  const documents = createDocumentClient(config.region);
  const stores = Object.fromEntries(
    Object.entries(classes).map(([name, Store]) => [
      name,
      new (Store as StoreClass<unknown>)(documents, config.tableName),
    ]),
  ) as S;
  return { ...stores, clock: systemClock, ids: randomIds };
}

/**
 * A function's dependencies: the stores its use case touches (`classes`), the clock and
 * the ids. Each function names its own stores, so that its bundle holds, and its cold start
 * builds, only those and their schemas. Built at the first invocation of a cold container
 * and kept for its warm invocations. Not at import: tests import handler modules to inject
 * their own dependencies, and must not need TABLE_NAME to do so. A missing variable is a
 * ConfigError naming it; BUCKET_NAME is not read here, only by the functions that add the
 * PDF store.
 */
export function productionTableDependencies<S extends object>(
  classes: StoreClasses<S>,
): () => S & Basics {
  let production: (S & Basics) | undefined;
  return () => {
    production ??= tableDependencies(readTableConfig(), classes);
    return production;
  };
}
