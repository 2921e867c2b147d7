/**
 * npm run neo4j -- start|stop|status
 *
 * A local Neo4j 5 Community server (tools/neo4j-server: in-process DBMS from Maven Central, Java 17),
 * Bolt on 127.0.0.1, auth disabled, data under ./data/neo4j. `start` builds the launcher if needed
 * (offline from the local Maven cache first, else from Maven Central), starts it in the background,
 * waits until Bolt answers and prints ONLY the Bolt URI on stdout (progress on stderr, server output in
 * data/neo4j/server.log), so that `NEO4J_URI=$(npm run --silent neo4j -- start)` works.
 * Environment: NEO4J_PORT (default: a free port), NEO4J_HOME_DIR (default ./data/neo4j), NEO4J_JAVA_OPTS
 * (extra JVM options, e.g. `-Xmx4g`; they override the defaults; `-Dzt.neo4j.pagecache=MiB` sets the page
 * cache, 512 by default, `-Dzt.neo4j.txlogs=1G` the size of transaction logs kept, and
 * `-Dzt.neo4j.conf=FILE` further Neo4j settings from a neo4j.conf-style file, see Server.java).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = path.join(root, 'tools', 'neo4j-server');
const home = path.resolve(process.env['NEO4J_HOME_DIR'] ?? path.join(root, 'data', 'neo4j'));
const pidFile = path.join(home, 'server.pid');
const uriFile = path.join(home, 'server.uri');
const logFile = path.join(home, 'server.log');
const buildLog = path.join(home, 'build.log');

function say(msg: string): void {
  process.stderr.write(`[neo4j] ${msg}\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function boltAnswers(uri: string): Promise<boolean> {
  const d = neo4j.driver(uri, undefined, {
    connectionTimeout: 2_000,
    logging: { level: 'error', logger: () => undefined },
  });
  try {
    await d.verifyConnectivity();
    return true;
  } catch {
    return false;
  } finally {
    await d.close();
  }
}

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function build(): void {
  const classpath = path.join(toolDir, 'target', 'classpath.txt');
  const cls = path.join(toolDir, 'target', 'classes', 'zt', 'neo4j', 'Server.class');
  const srcTime = Math.max(
    fs.statSync(path.join(toolDir, 'pom.xml')).mtimeMs,
    newest(path.join(toolDir, 'src')),
  );
  if (fs.existsSync(classpath) && fs.existsSync(cls) && fs.statSync(cls).mtimeMs >= srcTime) return;
  const t0 = Date.now();
  const mvn = (offline: boolean): boolean => {
    const args = ['-q', '-B', ...(offline ? ['-o'] : []), 'package', '-DskipTests'];
    const r = spawnSync('mvn', args, { cwd: toolDir, encoding: 'utf8' });
    fs.appendFileSync(
      buildLog,
      `$ mvn ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\n`,
    );
    return r.status === 0;
  };
  say('building tools/neo4j-server (offline from the local Maven cache)');
  if (!mvn(true)) {
    say('not cached: downloading Neo4j from Maven Central (first time only, ~100 MB)');
    if (!mvn(false)) {
      say(
        `build failed, see ${buildLog}; is Maven installed (apt-get install maven) and Maven Central reachable?`,
      );
      process.exit(1);
    }
  }
  say(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** JVM options: the defaults below, then NEO4J_JAVA_OPTS (space-separated; later options win). */
function javaOptions(): string[] {
  const extra = (process.env['NEO4J_JAVA_OPTS'] ?? '').split(/\s+/).filter((x) => x !== '');
  // A write transaction of 20k rows allocates about 1 GB; with a 1 GiB young generation most of it dies
  // young (with -Xmx1g and the default young size, garbage collection took as much CPU as the writes).
  // -XX:+UseParallelGC instead of serial: GC time 5.3 -> 3.1 s per 20k articles, but server CPU per row
  // 69.2 / 72.4 us against 73.7 / 71.8 (two alternated pairs, 2 cores shared with the extraction): not kept.
  const heap = ['-Xms2g', '-Xmx2g', '-Xmn1g', '-XX:+UseSerialGC'];
  // The JVM options of Neo4j's own neo4j.conf that bear on speed: module access for the page cache and
  // the log channels (without it Neo4j logs "using fallback mode" and cannot fadvise or preallocate its
  // transaction logs), trusted final fields (the server runs nothing that rewrites them), Netty's
  // cleaner-free buffers. 100k-article ingest child, two alternated pairs (load 4-5): server CPU 255 / 313
  // s against 275 / 315 s, end to end 382 / 335 s against 406 / 466 s. At 20k: 69.1 / 71.0 us of server
  // CPU per row against 73.7 / 71.8.
  const distro = [
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-Dio.netty.tryReflectionSetAccessible=true',
  ];
  return [...heap, ...distro, ...extra];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function start(): Promise<void> {
  fs.mkdirSync(home, { recursive: true });
  const pid = readPid();
  if (pid !== null && alive(pid) && fs.existsSync(uriFile)) {
    const uri = fs.readFileSync(uriFile, 'utf8').trim();
    if (await boltAnswers(uri)) {
      say(`already running (pid ${pid})`);
      process.stdout.write(`${uri}\n`);
      return;
    }
  }
  build();
  const t0 = Date.now();
  const port = Number(process.env['NEO4J_PORT'] ?? 0) || (await freePort());
  const uri = `bolt://127.0.0.1:${port}`;
  const cp = [
    path.join(toolDir, 'target', 'classes'),
    fs.readFileSync(path.join(toolDir, 'target', 'classpath.txt'), 'utf8').trim(),
  ].join(path.delimiter);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    'java',
    [...javaOptions(), '-cp', cp, 'zt.neo4j.Server', path.join(home, 'dbms'), String(port)],
    {
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  child.unref();
  fs.closeSync(out);
  if (child.pid === undefined) {
    say('could not start java; is Java 17 installed (apt-get install openjdk-17-jre-headless)?');
    process.exit(1);
  }
  fs.writeFileSync(pidFile, String(child.pid));
  fs.writeFileSync(uriFile, uri);
  say(`starting (pid ${child.pid}, log ${path.relative(root, logFile)})`);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (!alive(child.pid)) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      say(`the server exited during start-up; last lines of ${logFile}:\n${tail}`);
      fs.rmSync(pidFile, { force: true });
      process.exit(1);
    }
    if (await boltAnswers(uri)) {
      say(`ready at ${uri} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.stdout.write(`${uri}\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  say(`Bolt did not answer within 180 s; see ${logFile}`);
  process.kill(child.pid, 'SIGTERM');
  process.exit(1);
}

async function stop(): Promise<void> {
  const pid = readPid();
  if (pid === null || !alive(pid)) {
    say('not running');
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) {
    say(`pid ${pid} did not stop within 60 s; killing it`);
    process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
  say(`stopped (pid ${pid})`);
}

async function status(): Promise<void> {
  const pid = readPid();
  const uri = fs.existsSync(uriFile) ? fs.readFileSync(uriFile, 'utf8').trim() : null;
  if (pid !== null && alive(pid) && uri && (await boltAnswers(uri))) {
    process.stdout.write(`running pid=${pid} ${uri}\n`);
  } else {
    process.stdout.write('stopped\n');
    process.exitCode = 3;
  }
}

const cmd = process.argv[2];
if (cmd === 'start') await start();
else if (cmd === 'stop') await stop();
else if (cmd === 'status') await status();
else {
  say(`unknown command ${cmd ?? '(none)'}; usage: npm run neo4j -- start|stop|status`);
  process.exit(2);
}
