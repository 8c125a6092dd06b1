package dev.cairn.store;

import dev.cairn.content.Cid;
import java.nio.file.Path;
import java.util.List;

/** What {@code cairn verify} found: blocks checked, and each corrupt, missing or stray item. */
public record VerifyReport(long checkedBlocks, long checkedBytes, List<Problem> problems) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    public enum Kind { CORRUPT, MISSING, UNREADABLE, STRAY }

    /** One finding; {@code cid} is null for a stray file, {@code path} for a file on disk. */
    public record Problem(Kind kind, Cid cid, Path path, String detail) {
        @Override
        public String toString() {
            String what = cid != null ? cid.toString() : String.valueOf(path);
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + what + (detail == null ? "" : ": " + detail);
        }
    }

    /** Stray files are reported but do not make a repository unhealthy. */
    public boolean ok() {
        return problems.stream().allMatch(p -> p.kind() == Kind.STRAY);
    }
}
