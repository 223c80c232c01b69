import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CongsoError } from '@congso/core';

/**
 * PGlite is a single-process database: two processes writing the same folder silently lose writes.
 * A lock file (created exclusively, holding the owner's pid) makes the second process fail clearly.
 * A lock left by a process that no longer runs is taken over.
 */
export interface DataDirLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'congso.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new CongsoError('DATABASE_LOCKED', {
          messages: {
            vi: `Thư mục dữ liệu ${dir} đang được tiến trình Congso khác (pid ${owner}) sử dụng. Hãy dừng tiến trình đó, hoặc dùng PostgreSQL (DATABASE_URL) để chạy nhiều tiến trình.`,
            en: `The data folder ${dir} is in use by another Congso process (pid ${owner}). Stop it, or use PostgreSQL (DATABASE_URL) to run several processes.`,
          },
          details: { dir, pid: owner },
        });
      }
      if (owner === process.pid) {
        throw new CongsoError('DATABASE_LOCKED', {
          details: { dir, pid: owner, reason: 'already open in this process' },
        });
      }
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new CongsoError('DATABASE_LOCKED', { details: { dir } });
}
