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
 * disk); zt.neo4j.txlogs, the transaction logs kept, by size (default 512M: Neo4j's default of two
 * days kept 15 GB of logs after a few re-ingests).
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
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
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
