/** The gateway's address as cloudflared on the same machine reaches it: loopback when it listens on every interface. */
export function tunnelTarget(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}
