export interface PdfStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
  /** A GET URL that works for `expiresInSeconds` (at most 300) without other credentials. */
  presignGet(key: string, options: { expiresInSeconds: number; fileName: string }): Promise<string>;
}
