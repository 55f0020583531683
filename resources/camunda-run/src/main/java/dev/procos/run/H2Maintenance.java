package dev.procos.run;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Keeps the engine's H2 file proportional to its live data:
 * - at start, before the engine opens it: a file of at least 16 MB that is less than half live data is
 *   rewritten whole (H2's SHUTDOWN COMPACT: a new file beside the old one, then an atomic rename, so a
 *   crash during it leaves the old file as it was);
 * - while it runs, every procos.h2.maintenance-seconds (0: never): a file of at least 16 MB that is
 *   less than half live data is compacted online in slices of 500 ms (H2Store.compact) until it is
 *   mostly live or stops shrinking.
 * A deleted byte array's data stays live until the temporary LOB H2 made of it when it was written times
 * out (LOB_TIMEOUT in the URL, main/kernel/engine-database.ts; H2's default of 5 minutes kept 32 MB of a
 * 125 MB peak live that long). History cleanup deletes old rows; this gives their space back.
 */
public final class H2Maintenance implements InitializingBean, DisposableBean {
  static final long START_COMPACT_MIN_BYTES = 16L << 20;
  static final int START_COMPACT_BELOW_LIVE_PERCENT = 50;
  static final long ONLINE_MIN_BYTES = 16L << 20;
  static final int ONLINE_BELOW_LIVE_PERCENT = 50;
  static final int SLICE_MILLIS = 500;
  static final int MAX_SLICES = 20;

  private final H2Store store;
  private final long intervalSeconds;
  private ScheduledExecutorService timer;

  public H2Maintenance(DataSource dataSource, Environment env) {
    this.store = new H2Store(dataSource);
    this.intervalSeconds = env.getProperty("procos.h2.maintenance-seconds", Long.class, 0L);
  }

  public H2Store store() { return store; }

  @Override
  public void afterPropertiesSet() {
    if (intervalSeconds <= 0) return;
    timer = Executors.newSingleThreadScheduledExecutor((r) -> {
      Thread t = new Thread(r, "procos-h2-maintenance");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::maintain, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** One round: compact in slices while it is worth it and the file keeps shrinking. */
  void maintain() {
    try {
      if (!store.isH2File()) return;
      for (int slice = 0; slice < MAX_SLICES && store.worthCompacting(ONLINE_MIN_BYTES, ONLINE_BELOW_LIVE_PERCENT); slice++) {
        var result = store.compact(SLICE_MILLIS);
        long before = (Long) ((java.util.Map<?, ?>) result.get("before")).get("bytes");
        long after = (Long) ((java.util.Map<?, ?>) result.get("after")).get("bytes");
        System.out.println("ProcOS H2 maintenance: compacted " + (before >> 20) + " MB -> " + (after >> 20) + " MB in " + result.get("millis") + " ms");
        if (after >= before) break;
      }
    } catch (Exception e) {
      System.out.println("ProcOS H2 maintenance: " + e);
    }
  }

  @Override
  public void destroy() {
    if (timer != null) timer.shutdownNow();
  }

  /**
   * Before the engine's datasource is used: the whole-file compaction at start when the file is large
   * and mostly free space. Only for an H2 file URL; any problem is logged and the start goes on.
   */
  static void compactAtStart(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:file:")) return;
    String path = jdbcUrl.substring("jdbc:h2:file:".length()).split(";", 2)[0];
    File file = new File(path + ".mv.db");
    if (!file.isFile() || file.length() < START_COMPACT_MIN_BYTES) return;
    long before = file.length();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      if (!H2Store.worthCompacting(H2Store.mvStore(c), START_COMPACT_MIN_BYTES, START_COMPACT_BELOW_LIVE_PERCENT)) return;
      System.out.println("ProcOS H2 maintenance: " + (before >> 20) + " MB, mostly free space: compacting it before the engine starts");
      try (Statement s = c.createStatement()) {
        s.execute("SHUTDOWN COMPACT");
      }
      System.out.println("ProcOS H2 maintenance: compacted " + (before >> 20) + " MB -> " + (file.length() >> 20) + " MB");
    } catch (Exception e) {
      System.out.println("ProcOS H2 maintenance: no compaction at start: " + e);
    }
  }
}
