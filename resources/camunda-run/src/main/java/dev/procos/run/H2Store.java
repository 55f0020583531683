package dev.procos.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * The engine's H2 file: its size and how much of it is live data, an online compaction that gives
 * free space back to the file system, and an online backup (H2's BACKUP TO). Commits are written at
 * commit (WRITE_DELAY=0 in the URL), which also means H2 runs no background housekeeping of its own:
 * the compaction here is that housekeeping. It uses MVStore.compactFile, the same code H2 runs when it
 * closes a database: live pages are rewritten, the file is synced before old chunks are overwritten and
 * before it is truncated, so a crash in the middle loses nothing committed.
 */
public final class H2Store {
  static final int MOVE_BELOW_FILL_PERCENT = 90;
  static final long MOVE_BYTES = 16L << 20;

  private final DataSource dataSource;

  public H2Store(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The MVStore under a connection (H2's own classes: the jar pins the H2 version). */
  static MVStore mvStore(Connection connection) throws SQLException {
    JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
    return ((SessionLocal) h2.getSession()).getDatabase().getStore().getMvStore();
  }

  /** true when the engine runs on an H2 file database (not PostgreSQL, not in memory). */
  public boolean isH2File() {
    try (Connection c = dataSource.getConnection()) {
      return c.isWrapperFor(JdbcConnection.class) && mvStore(c).getFileStore() != null;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** File name, size in bytes, fill rates (percent of the file that chunks take, of the chunks that is live) and the live percent. */
  public Map<String, Object> info() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return describe(mvStore(c));
    }
  }

  private static Map<String, Object> describe(MVStore store) {
    FileStore<?> file = store.getFileStore();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("file", file.getFileName());
    info.put("bytes", file.size());
    info.put("fillRate", file.getFillRate());
    info.put("chunksFillRate", file.getChunksFillRate());
    info.put("livePercent", livePercent(store));
    return info;
  }

  /**
   * Rewrites sparse chunks and moves them together for up to maxMillis, then truncates the file.
   * Commits wait while it works (it holds the store's lock), so it runs in slices.
   */
  public Map<String, Object> compact(int maxMillis) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      MVStore store = mvStore(c);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("before", describe(store));
      int retention = store.getRetentionTime();
      long started = System.nanoTime();
      try {
        store.compactFile(maxMillis);
        dropAndMoveChunks(store);
      } finally {
        store.setRetentionTime(retention); // compactFile sets it to 0 for itself
      }
      result.put("millis", (System.nanoTime() - started) / 1_000_000);
      result.put("after", describe(store));
      return result;
    }
  }

  /**
   * What compactFile leaves undone: it frees dead chunks and moves chunks toward the start of the file only
   * after it rewrote some, and it rewrites only while the chunks are under 90% live. So a file whose chunks
   * had all died (30 MB, 0% live) or whose live chunks lay apart (80 MB, 37% filled with chunks 99% live)
   * stayed as it was, round after round. This frees the dead chunks and, when over a tenth of the file is
   * free space between chunks, moves up to MOVE_BYTES of them into it and truncates the file.
   */
  private static void dropAndMoveChunks(MVStore store) {
    if (store.getFileStore() instanceof RandomAccessStore file) {
      file.compactMoveChunks(MOVE_BELOW_FILL_PERCENT, MOVE_BYTES, store);
    }
  }

  /** Percent of the file that is live data: the part chunks take, times the part of the chunks that is live. */
  static int livePercent(MVStore store) {
    FileStore<?> file = store.getFileStore();
    return file.getFillRate() * file.getChunksFillRate() / 100;
  }

  /** Worth compacting: at least minBytes, and less than livePercent of it live. */
  public boolean worthCompacting(long minBytes, int livePercentBelow) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return worthCompacting(mvStore(c), minBytes, livePercentBelow);
    }
  }

  static boolean worthCompacting(MVStore store, long minBytes, int livePercentBelow) {
    FileStore<?> file = store.getFileStore();
    return file.size() >= minBytes && livePercent(store) < livePercentBelow;
  }

  /**
   * A consistent copy of the live database, taken while it runs (H2's BACKUP TO: a zip holding the
   * .mv.db file), into dir. Returns the zip written.
   */
  public Path backup(Path dir) throws Exception {
    Files.createDirectories(dir);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    Path zip = dir.resolve("h2-backup-" + stamp + ".zip").toAbsolutePath();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
    }
    return zip;
  }
}
