package dev.procos.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ProcOS's own endpoints on the engine, for the kernel only: the H2 file's state, an online compaction,
 * and an online backup into procos.h2.backup-dir. Each request needs HTTP basic auth of a user in the
 * camunda-admin group (checked here, whatever procos.rest-auth says).
 */
@RestController
public class ProcosEndpoints {
  private final H2Maintenance maintenance;
  private final IdentityService identity;
  private final Environment env;

  public ProcosEndpoints(H2Maintenance maintenance, IdentityService identity, Environment env) {
    this.maintenance = maintenance;
    this.identity = identity;
    this.env = env;
  }

  private boolean isAdmin(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) return false;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) return false;
    String user = decoded.substring(0, colon);
    return identity.checkPassword(user, decoded.substring(colon + 1))
        && identity.createGroupQuery().groupMember(user).groupId(Groups.CAMUNDA_ADMIN).count() > 0;
  }

  private ResponseEntity<Object> guarded(String authorization, Action action) {
    if (!isAdmin(authorization)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"procos\"")
          .body(Map.of("message", "the engine's admin user is needed"));
    }
    if (!maintenance.store().isH2File()) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("message", "the engine does not run on an H2 file database"));
    }
    try {
      return ResponseEntity.ok(action.run());
    } catch (Exception e) {
      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("message", String.valueOf(e.getMessage())));
    }
  }

  private interface Action { Object run() throws Exception; }

  @GetMapping("/procos/h2")
  public ResponseEntity<Object> info(@RequestHeader(value = "Authorization", required = false) String authorization) {
    return guarded(authorization, () -> maintenance.store().info());
  }

  @PostMapping("/procos/h2/compact")
  public ResponseEntity<Object> compact(@RequestHeader(value = "Authorization", required = false) String authorization,
      @RequestParam(value = "maxMillis", defaultValue = "2000") int maxMillis) {
    return guarded(authorization, () -> maintenance.store().compact(Math.max(1, Math.min(maxMillis, 60_000))));
  }

  @PostMapping("/procos/h2/backup")
  public ResponseEntity<Object> backup(@RequestHeader(value = "Authorization", required = false) String authorization) {
    return guarded(authorization, () -> {
      String dir = env.getProperty("procos.h2.backup-dir");
      if (dir == null) throw new IllegalStateException("procos.h2.backup-dir is not set");
      Path zip = maintenance.store().backup(Path.of(dir));
      return Map.of("file", zip.toString(), "bytes", Files.size(zip));
    });
  }
}
