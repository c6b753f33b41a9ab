export interface SetupLinksTable {
  /** SHA-256 of the link's secret. */
  secret_hash: string;
  created_at: number;
}
