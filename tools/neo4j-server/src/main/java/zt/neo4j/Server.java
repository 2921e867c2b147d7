package zt.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A local Neo4j 5 Community DBMS with Bolt on 127.0.0.1:PORT, auth disabled, data under HOME.
 * Usage: java -cp ... zt.neo4j.Server HOME PORT. Prints "READY bolt://127.0.0.1:PORT" once Bolt listens,
 * shuts the DBMS down cleanly on SIGTERM/SIGINT.
 *
 * System properties (NEO4J_JAVA_OPTS in scripts/neo4j.ts): zt.neo4j.pagecache, the page cache in MiB
 * (default 512: a 100k-article graph takes about 2 GB on disk, and 128 MiB made every query read it from
 * disk; 2048, which holds the whole store, was no better: one 100k ingest child each, alternated, two pairs
 * at load 5-6 then 2-5, end to end 510 / 284 s at 512 against 620 / 326 s at 2048, server CPU 308 / 270 s
 * against 360 / 274 s, and the saved queries' p95 right after each ingest mixed: no query under 100 ms
 * crossed it either way); zt.neo4j.txlogs, the transaction logs kept, by size (default 512M: Neo4j's
 * default of two days kept 15 GB of logs after a few re-ingests); zt.neo4j.conf, a neo4j.conf-style file
 * (`key=value` lines) of further settings, to try server settings without a rebuild (only settings this
 * class does not set itself). Tried that way at 20k articles and not kept, server CPU per row against the
 * defaults in two alternated pairs: db.tx_state.memory_allocation=OFF_HEAP 71.3 / 72.6 against 73.7 / 71.8
 * us. The ingest makes no checkpoint before its end (Community's periodic policy: 15 min or 100k
 * transactions; a checkpoint of the loaded 20k-article store took 1.0-1.5 s), so the checkpoint settings
 * do not bear on it. Also tried that way and not kept (bench store-only child, 20k articles, 1.05M rows,
 * one extraction, runs alternated with a warm server of the defaults, load 2-6; fresh load rows/s with
 * its end; each variant's two runs against the runs before and after each):
 * db.tx_log.buffer.size=8388608 (default 512 KiB), db.tx_log.rotation.size=1GiB,
 * internal.dbms.tx.logs.dedicated.appender=true and dbms.memory.tracking.enable=false together 13,499 /
 * 15,379 against 16,402 / 18,261 and 24,308 / 20,359 (server CPU 72 / 64 us per row against 41-53); the
 * buffer and rotation size alone 22,955 / 18,012 against 25,823 / 24,758 and 20,023 / 17,231 (50 / 56
 * against 41-54 us). A server just started needs a few runs to warm up, which favours the old one in
 * these pairs, but not by that much: the heap at 3 GiB (-Xmn2g) with a 1 GiB page cache, its 2nd and
 * 3rd runs, 18,686 / 20,705 against 23,146 / 24,308 and 25,349 / 20,163 (incremental 16.4k / 15.9k
 * against 12.6-15.6k). The transaction logs were written at ~8 MB/s and rotated in 17-81 ms; an fsync of
 * 20 MB (a batch's log) takes ~80 ms on this disk.
 */
public final class Server {
  private Server() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("[tools/neo4j-server] usage: Server HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    long t0 = System.nanoTime();
    long pagecacheMiB = Long.parseLong(System.getProperty("zt.neo4j.pagecache", "512"));
    String txLogs = System.getProperty("zt.neo4j.txlogs", "512M") + " size";
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
    String conf = System.getProperty("zt.neo4j.conf");
    if (conf != null) builder.loadPropertiesFromFile(Path.of(conf).toAbsolutePath());
    DatabaseManagementService dbms =
        builder
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMiB))
            .setConfig(GraphDatabaseSettings.keep_logical_logs, txLogs)
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("[tools/neo4j-server] shutting down");
                  dbms.shutdown();
                }));
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // fails fast if the default db is broken
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("READY bolt://127.0.0.1:" + port + " in " + ms + " ms");
    System.out.flush();
  }
}
