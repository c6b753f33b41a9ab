export interface ConsoleSessionsTable {
  /** SHA-256 of the cookie value: a stolen database holds no usable session. */
  id_hash: string;
  created_at: number;
  expires_at: number;
}
