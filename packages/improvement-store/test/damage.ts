import { closeSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';

/** Deterministic pseudo-random numbers for reproducible damage. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function writeAt(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Ways a database file gets damaged in the corruption matrix. */
export const DAMAGE = {
  garbage(path: string): void {
    const rnd = seeded(1);
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, () => Math.floor(rnd() * 256))));
  },
  headerMagic(path: string): void {
    writeAt(path, 0, Buffer.from('NOT A DB AT ALL!', 'latin1'));
  },
  /** 64 random bytes at 10 random pages, at their page headers (where a flip is structural, not just content). */
  flips(path: string): void {
    const rnd = seeded(3);
    const pageSize = readFileSync(path).readUInt16BE(16) || 65536;
    const pages = Math.floor(statSync(path).size / pageSize);
    for (let i = 0; i < 10; i += 1) {
      const page = 2 + Math.floor(rnd() * (pages - 2));
      writeAt(path, page * pageSize + Math.floor(rnd() * 8), Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))));
    }
  },
  /** Page 1's b-tree header (sqlite_schema root) starts at byte 100. */
  page1Btree(path: string): void {
    writeAt(path, 100, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  },
  truncate60(path: string): void {
    truncateSync(path, Math.floor(statSync(path).size * 0.6));
  },
} as const;
