import { randomBytes } from 'node:crypto';
import {
  type CertificateKind,
  type CertificateStatus,
  certificateKinds,
  certificateStatuses,
  certificateValidityDays,
  describeChainProblem,
  isCongsoError,
  officerRoles,
  parseAgencyCode,
  parseInstant,
  passwordProblem,
  type RevokeReason,
  revocationReasons,
} from '@congso/core';
import {
  type Connection,
  countCertificates,
  getCertificateBySerial,
  getCurrentAgencyByCode,
  getPersonByUsername,
  importProcedures,
  insertPerson,
  listCertificates,
  migrate,
  recordAudit,
} from '@congso/db';
import {
  type Config,
  ConfigError,
  catchUpIoc,
  describeStartError,
  type GeneratedHistoryReport,
  generateHistory,
  HistoryAlreadyGenerated,
  hashPassword,
  issueRegistryCertificate,
  loadConfig,
  openDatabase,
  printDemoLogins,
  provinceAuthority,
  rebuildIoc,
  resyncPortal,
  revokeRegistryCertificate,
  seedDemoCatalog,
  seedDemoHistory,
  startServer,
  verifyGatewayLogOfRegistry,
} from '@congso/server';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runBackup } from './backup/backup';
import { exportToPostgres } from './backup/export';
import { runRestore } from './backup/restore';
import { readCatalogFile } from './catalog-file';
import { CliError } from './errors';

export { CliError };

async function withDatabase<T>(config: Config, fn: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await openDatabase(config);
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 78);
    throw error;
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number above 0');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 30) throw new InvalidArgumentError('a number above 0 (years, at most 30)');
  return n;
}

const where = (c: Connection) =>
  c.kind === 'pglite' ? `embedded database in ${c.location}` : `PostgreSQL ${c.location}`;

export function buildProgram(out: (line: string) => void = console.log): Command {
  const program = new Command('congso')
    .description(
      'Congso — chính quyền số cho tỉnh / digital government for a province.\nThe database comes from DATABASE_URL (PostgreSQL) or else the embedded one in DATA_DIR (default ./data).',
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()) });

  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending migrations (also done on every server start)')
    .action(async () => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        out(`Đã cập nhật cấu trúc CSDL / Migrations applied (${where(c)}).`);
      });
    });

  db.command('export-to-postgres')
    .description(
      'Move the embedded database (DATA_DIR; the server must be stopped) onto an empty PostgreSQL database: migrates it, copies every table and the queued jobs in one transaction, then compares row counts and content hashes per table. Uploaded files stay where they are (FILES_DIR).',
    )
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user:password@host:5432/name (must be empty)')
    .action(async (opts: { to: string }) => {
      await exportToPostgres(config(), opts.to, out);
    });

  program
    .command('backup')
    .description(
      'Write a backup archive (tar): the database (pg_dump -Fc with DATABASE_URL, else the embedded database, which the server must not be using), the uploaded files of the folder storage, and a manifest with row counts and SHA-256 hashes per table and file.',
    )
    .option('-o, --out <file>', 'the archive to write (default: congso-backup-YYYYMMDD-HHMMSS.tar here)')
    .action(async (opts: { out?: string }) => {
      await runBackup(config(), opts, out);
    });

  program
    .command('restore')
    .description(
      'Restore a backup archive into the configured database (DATABASE_URL, else DATA_DIR) and the uploaded files into FILES_DIR. The whole archive is checked first; a database that is not empty is replaced only with --yes. Verifies row counts and content hashes per table afterwards.',
    )
    .argument('<file>', 'the archive written by `congso backup`')
    .option('-y, --yes', 'replace a database that is not empty')
    .action(async (file: string, opts: { yes?: boolean }) => {
      await runRestore(config(), file, opts, out);
    });

  program
    .command('seed')
    .description(
      'Load the demo province (Tây Ninh since 1/7/2025), demo accounts, the catalogue and the recent history; running it again changes nothing. With --dossiers, also generate a province-wide history of N dossiers over the last Y years through the real dossier rules, with the index counters (once per database).',
    )
    .option('--dossiers <n>', 'generate a history of this many dossiers', positiveInt)
    .option('--years <y>', 'over this many years back from now (default 1)', positiveNumber, 1)
    .option('--seed <s>', 'the random seed (the same seed gives the same history)', positiveInt, 1)
    .action(async (opts: { dossiers?: number; years: number; seed: number }) => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const { seedDemoProvince } = await import('@congso/db');
        const now = new Date();
        const report = await seedDemoProvince(c.db, { hashPassword, now });
        const catalog = await seedDemoCatalog(c, now);
        const history = await seedDemoHistory(c, { now });
        out(
          `Seed (${where(c)}): ${report.agenciesInserted} agencies and ${report.peopleInserted} people added; ${catalog ? `${catalog.created} procedures added` : 'the catalogue was already there'}; ${history ? `${history.dossiers} dossiers of the last weeks added` : 'dossiers were already there'}.`,
        );
        if (opts.dossiers) {
          const bar = progressBar();
          let generated: GeneratedHistoryReport;
          try {
            generated = await generateHistory(c, {
              dossiers: opts.dossiers,
              years: opts.years,
              seed: opts.seed,
              now,
              onProgress: bar,
            });
          } catch (error) {
            if (error instanceof HistoryAlreadyGenerated)
              throw new CliError(
                'Cơ sở dữ liệu này đã có lịch sử sinh tự động / This database already has a generated history (use an empty database)',
                1,
              );
            throw error;
          }
          bar.done();
          // The recent demo history's dossiers are counted like the server would.
          await catchUpIoc(c.db, now);
          const t = generated.timings;
          const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
          out(
            `Đã sinh / Generated ${generated.dossiers} dossiers (${generated.events} events, ${generated.people} citizens, ${generated.officers} officers, ${generated.cells} counter cells) from ${generated.from.slice(0, 10)} in ${s(t.total)}: load ${s(t.load)}, dossier rules ${s(t.simulate)}, index ${s(t.count)}, encoding ${s(t.encode)}, writing ${s(t.write)} (overlapping), indexes and keys after the rows ${s(t.indexes)}.`,
          );
          out(
            `  finished ${generated.finished} (late ${generated.finishedLate}), open past due ${generated.openLate}, with supplements ${generated.supplements}, paid ${generated.paid} (online ${generated.paidOnline}), rated ${generated.rated}; channels ${JSON.stringify(generated.byChannel)}`,
          );
        }
        printDemoLogins(report, out);
      });
    });

  const ioc = program.command('ioc').description('The service-quality index (QĐ 766) of the operations center');
  ioc
    .command('rebuild')
    .description(
      "Recompute the index counters and dossier facts from every dossier's events (the server keeps them up to date by itself; use after a restore or a change of the counting rules)",
    )
    .action(async () => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const report = await rebuildIoc(c.db, new Date());
        out(
          `Đã tính lại chỉ số / Index rebuilt (${where(c)}): ${report.marked} hồ sơ / dossiers, ${report.rows} ô số liệu / counter cells.`,
        );
      });
    });

  const exchange = program.command('exchange').description('Exchange with other systems: the national portal sync');
  exchange
    .command('resync')
    .description(
      "Queue every dossier changed since DATE to be sent whole to the national public service portal again (the server's job workers send it; the portal takes it as an update where it has the dossier)",
    )
    .requiredOption('--since <date>', 'ISO 8601 date or time, Vietnam time when no offset (e.g. 2026-11-01)', (v) => {
      const since = parseInstant(v);
      if (Number.isNaN(since.getTime())) throw new InvalidArgumentError('not an ISO 8601 date, e.g. 2026-11-01');
      return since;
    })
    .action(async (opts: { since: Date }) => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const { dossiers } = await resyncPortal(c.db, { since: opts.since, actorId: null, now: new Date() });
        out(
          `Đã xếp hàng đồng bộ lại / Queued for resync (${where(c)}): ${dossiers} hồ sơ / dossiers changed since ${opts.since.toISOString()}.`,
        );
      });
    });

  const gateway = program.command('gateway').description('The data-sharing gateway (LGSP)');
  gateway
    .command('verify')
    .description(
      'Walk the chained exchange log and its signed anchors; name the first row altered, deleted or reordered (exit 1)',
    )
    .action(async () => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const report = await verifyGatewayLogOfRegistry({ connection: c, config: config(), now: () => new Date() });
        if (report.ok) {
          out(
            `Nhật ký trao đổi nguyên vẹn / The exchange log is intact (${where(c)}): ${report.entries} dòng / rows, ${report.anchors} dấu neo đã ký / signed anchors.`,
          );
          return;
        }
        for (const p of report.problems.slice(0, 20)) {
          const m = describeChainProblem(p);
          out(`${m.vi} / ${m.en}`);
        }
        const first = report.first ? describeChainProblem(report.first) : { vi: '', en: '' };
        throw new CliError(
          `Nhật ký trao đổi đã bị thay đổi / The exchange log was tampered with: ${first.vi} / ${first.en}`,
          1,
        );
      });
    });

  const catalog = program.command('catalog').description('The catalogue of administrative procedures');
  catalog
    .command('import')
    .description(
      'Import procedures from a file: .jsonl/.json (catalogue records) or the national portal export (.csv/.xlsx with ma_thu_tuc, ten_thu_tuc, ...). New codes get version 1, changed ones a new version from --valid-from, identical ones are left alone.',
    )
    .argument('<file>', 'the file to import')
    .option(
      '--valid-from <date>',
      'date the imported versions take effect (YYYY-MM-DD)',
      new Date().toISOString().slice(0, 10),
    )
    .option('--dry-run', 'read and check the file, write nothing')
    .action(async (file: string, opts: { validFrom: string; dryRun?: boolean }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.validFrom) || Number.isNaN(Date.parse(opts.validFrom))) {
        throw new CliError(`Ngày không hợp lệ / Invalid date: ${opts.validFrom}`, 2);
      }
      let read: Awaited<ReturnType<typeof readCatalogFile>>;
      try {
        read = await readCatalogFile(file);
      } catch (error) {
        throw new CliError(`Không đọc được tệp / Cannot read ${file}: ${(error as Error).message}`, 2);
      }
      out(
        `Đọc / Read ${file}: ${read.accepted.length} accepted, ${read.rejected.length} rejected, ${read.warnings} parse warnings.`,
      );
      for (const r of read.rejected.slice(0, 20))
        out(`  - row ${r.row} ${r.code || '(no code)'}: ${r.reasons.slice(0, 3).join('; ')}`);
      if (read.rejected.length > 20) out(`  … and ${read.rejected.length - 20} more`);
      if (read.accepted.length === 0)
        throw new CliError('Không có thủ tục hợp lệ để nhập / No valid procedure to import', 1);
      if (opts.dryRun) return;
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const bar = progressBar();
        const report = await importProcedures(c.db, read.accepted, {
          validFrom: opts.validFrom,
          now: new Date(),
          actorId: null,
          source: file,
          onProgress: bar,
        });
        bar.done();
        out(
          `Đã nhập / Imported (${where(c)}): ${report.created} new, ${report.updated} new versions from ${opts.validFrom}, ${report.unchanged} unchanged, ${report.skipped.length} skipped.`,
        );
        for (const s of report.skipped.slice(0, 20)) out(`  - skipped ${s.code}: ${s.reason}`);
      });
    });

  const certificates = program
    .command('certificates')
    .description('The certificate registry of the province test CA (made on first use)');
  certificates
    .command('list')
    .description('Counts by kind and status, then the certificates (newest first)')
    .addOption(new Option('-k, --kind <kind>').choices([...certificateKinds]))
    .addOption(new Option('-s, --status <status>').choices([...certificateStatuses]))
    .option('--limit <n>', 'how many rows', (v) => Number.parseInt(v, 10), 50)
    .action(async (opts: { kind?: CertificateKind; status?: CertificateStatus; limit: number }) => {
      await withDatabase(config(), async (c) => {
        await migrate(c);
        const now = new Date();
        const counts = await countCertificates(c.db, now);
        out('kind          active  expired  revoked');
        for (const kind of certificateKinds) {
          const row = counts.byKind[kind];
          out(
            `${kind.padEnd(13)} ${String(row.active).padStart(6)} ${String(row.expired).padStart(8)} ${String(row.revoked).padStart(8)}`,
          );
        }
        out(`total ${counts.total}`);
        const list = await listCertificates(c.db, {
          now,
          ...(opts.kind ? { kind: opts.kind } : {}),
          ...(opts.status ? { status: opts.status } : {}),
          limit: Math.max(1, Math.min(opts.limit, 1000)),
          offset: 0,
        });
        for (const { certificate: r, status } of list.items) {
          out(
            `${r.serialNumber}  ${r.kind.padEnd(12)} ${status.padEnd(7)} ${r.notAfter.toISOString().slice(0, 10)}  ${r.commonName}`,
          );
        }
      });
    });
  certificates
    .command('issue')
    .description(
      'Issue a personal certificate to an officer (--person) or an organisation certificate to an agency (--agency)',
    )
    .option('-p, --person <username>', "the officer's login name")
    .option('-a, --agency <code>', 'agency code, e.g. 000.00.04.H59')
    .option('-d, --days <n>', `validity in days (${certificateValidityDays.min}-${certificateValidityDays.max})`, (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (opts: { person?: string; agency?: string; days?: number }) => {
      if (!!opts.person === !!opts.agency)
        throw new CliError('Cần đúng một trong --person, --agency / Give exactly one of --person, --agency', 2);
      const days = opts.days;
      if (
        days !== undefined &&
        !(Number.isInteger(days) && days >= certificateValidityDays.min && days <= certificateValidityDays.max)
      )
        throw new CliError(
          `Số ngày không hợp lệ / Invalid --days (${certificateValidityDays.min}-${certificateValidityDays.max})`,
          2,
        );
      const cfg = config();
      await withDatabase(cfg, async (c) => {
        await migrate(c);
        const ctx = { connection: c, config: cfg, now: () => new Date() };
        let body: Parameters<typeof issueRegistryCertificate>[2];
        if (opts.person) {
          const person = await getPersonByUsername(c.db, opts.person.trim().toLowerCase());
          if (!person) throw new CliError(`Không có tài khoản / No account ${opts.person}`, 2);
          body = { kind: 'personal', personId: person.id, ...(days ? { validityDays: days } : {}) };
        } else {
          const agency = await getCurrentAgencyByCode(c.db, String(opts.agency).trim());
          if (!agency) throw new CliError(`Không có cơ quan mã / No current agency with code ${opts.agency}`, 2);
          body = { kind: 'organization', agencyId: agency.id, ...(days ? { validityDays: days } : {}) };
        }
        await provinceAuthority(ctx);
        const row = await issueRegistryCertificate(ctx, null, body, null);
        out(
          `Đã cấp / Issued ${row.kind} ${row.serialNumber} to ${row.commonName}, valid until ${row.notAfter.toISOString()}.`,
        );
      });
    });
  certificates
    .command('revoke')
    .description('Revoke a certificate by its serial number (hex), with a reason (RFC 5280)')
    .argument('<serial>', 'serial number, hex')
    .addOption(new Option('-r, --reason <reason>').choices([...revocationReasons]).makeOptionMandatory())
    .option('-n, --note <text>', 'why, for the audit trail')
    .action(async (serial: string, opts: { reason: RevokeReason; note?: string }) => {
      const cfg = config();
      await withDatabase(cfg, async (c) => {
        await migrate(c);
        const row = await getCertificateBySerial(c.db, serial.trim().toLowerCase());
        if (!row) throw new CliError(`Không có chứng thư số hiệu / No certificate with serial ${serial}`, 2);
        const ctx = { connection: c, config: cfg, now: () => new Date() };
        const revoked = await revokeRegistryCertificate(
          ctx,
          null,
          row.id,
          { reason: opts.reason, version: row.version, ...(opts.note ? { note: opts.note } : {}) },
          null,
        );
        out(`Đã thu hồi / Revoked ${revoked.serialNumber} (${opts.reason}) at ${revoked.revokedAt?.toISOString()}.`);
      });
    });

  const user = program.command('user').description('Accounts');
  user
    .command('add')
    .description('Add an officer account')
    .requiredOption('-u, --username <username>', 'login name (a-z, 0-9, . _ -)')
    .requiredOption('-n, --name <full name>', 'full name, in Vietnamese')
    .requiredOption('-a, --agency <code>', 'agency code, e.g. 000.00.04.H59')
    .addOption(new Option('-r, --role <role...>', `one or more roles`).choices([...officerRoles]).makeOptionMandatory())
    .option('-p, --password <password>', 'initial password (default: a generated one, printed once)')
    .option('-e, --email <email>', 'e-mail address')
    .action(
      async (opts: {
        username: string;
        name: string;
        agency: string;
        role: string[];
        password?: string;
        email?: string;
      }) => {
        const username = opts.username.trim().toLowerCase();
        if (!/^[a-z0-9][a-z0-9._-]{2,49}$/.test(username))
          throw new CliError(`Tên đăng nhập không hợp lệ / Invalid username: ${opts.username}`, 2);
        const code = parseAgencyCode(opts.agency);
        if (!code.ok)
          throw new CliError(`Mã cơ quan không hợp lệ / Invalid agency code: ${opts.agency} (${code.problem})`, 2);
        const password = opts.password ?? `Cs-${randomBytes(9).toString('base64url')}9`;
        const problem = passwordProblem(password, username);
        if (problem) throw new CliError(`Mật khẩu yếu / Weak password: ${problem}`, 2);
        await withDatabase(config(), async (c) => {
          await migrate(c);
          const agency = await getCurrentAgencyByCode(c.db, code.value.code);
          if (!agency) throw new CliError(`Không có cơ quan mã / No current agency with code ${code.value.code}`, 2);
          if (await getPersonByUsername(c.db, username))
            throw new CliError(`Tên đăng nhập đã có / Username taken: ${username}`, 2);
          const hash = await hashPassword(password);
          const now = new Date();
          await c.db.transaction(async (tx) => {
            const person = await insertPerson(tx, {
              kind: 'officer',
              username,
              fullName: opts.name.normalize('NFC').trim(),
              email: opts.email ?? null,
              agencyId: agency.id,
              roles: [...new Set(opts.role)],
              passwordHash: hash,
              passwordChangedAt: now,
            });
            await recordAudit(tx, {
              occurredAt: now,
              actorId: null,
              action: 'officer.created',
              entityType: 'person',
              entityId: person.id,
              agencyId: agency.id,
              data: { username, roles: person.roles, via: 'cli' },
            });
          });
          out(`Đã tạo / Created ${username} (${opts.role.join(', ')}) in ${agency.name}.`);
          if (!opts.password) out(`Mật khẩu ban đầu / Initial password: ${password}`);
        });
      },
    );

  program
    .command('serve')
    .description('Start the server (same as npm start, without building the web app)')
    .action(async () => {
      const server = await startServer(config(), out);
      await new Promise<void>((resolve) => {
        const stop = () => server.stop().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  return program;
}

/** A progress bar on stderr when it is a terminal; otherwise a line at each tenth. */
function progressBar() {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastTenth = -1;
  const update = (done: number, total: number) => {
    const ratio = total === 0 ? 1 : done / total;
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const eta = rate > 0 ? ` ${rate}/s, ${Math.round((total - done) / rate)} s left` : '';
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${eta}  `);
    } else if (Math.floor(ratio * 10) > lastTenth) {
      lastTenth = Math.floor(ratio * 10);
      process.stderr.write(`${done}/${total}\n`);
    }
  };
  return Object.assign(update, { done: () => tty && process.stderr.write('\n') });
}

export function reportCliError(error: unknown, err: (line: string) => void = console.error): number {
  if (error instanceof CliError) {
    err(error.message);
    return error.exitCode;
  }
  if (isCongsoError(error)) {
    err(describeStartError(error));
    return 1;
  }
  if (error instanceof InvalidArgumentError) {
    err(error.message);
    return 2;
  }
  err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
