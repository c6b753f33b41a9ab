// pino-roll ships no types; this is the part of its API the gateway uses (pino-roll 4).
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  export interface PinoRollOptions {
    file: string;
    /** A number of MB, or a string such as '512k', '10m', '4096b'. */
    size?: number | string;
    /** `count` files kept; with removeOtherLogFiles, counted over the whole folder. */
    limit?: { count: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
  }

  /** A sonic-boom stream writing into the current file. */
  export interface RollingFile extends DestinationStream {
    readonly file: string;
    flushSync(): void;
    end(): void;
    once(event: 'close' | 'cleanup-complete', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollingFile>;
}
