/** Short-lived download links to stored PDFs. */
export interface PdfLinks {
  /** A GET URL that works for `expiresInSeconds` (at most 300) without other credentials. */
  presignGet(key: string, options: { expiresInSeconds: number; fileName: string }): Promise<string>;
}
