package dev.cairn.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Long operations (verify) run as jobs on virtual threads; clients poll {@code GET /api/v1/jobs/{id}}. */
final class Jobs {
    /** Finished jobs are kept this long for clients to read. */
    private static final long KEEP_MILLIS = 3_600_000;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** A unit of work that reports (total, done) and returns a JSON-able result. */
    @FunctionalInterface
    interface Work {
        Object run(Job job) throws Exception;
    }

    static final class Job {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final long createdAt = System.currentTimeMillis();
        final AtomicLong total = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicReference<String> state = new AtomicReference<>("running");
        volatile Object result;
        volatile String error;
        volatile long finishedAt;

        Job(String kind) {
            this.kind = kind;
        }

        void progress(long total, long done) {
            this.total.set(total);
            this.done.set(done);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("kind", kind);
            m.put("state", state.get());
            m.put("progress", Map.of("done", done.get(), "total", total.get()));
            if (result != null) m.put("result", result);
            if (error != null) m.put("error", error);
            return m;
        }
    }

    Job start(String kind, Work work) {
        prune();
        Job job = new Job(kind);
        jobs.put(job.id, job);
        Thread.ofVirtual().name("cairn-job-" + kind).start(() -> {
            try {
                job.result = work.run(job);
                job.state.set("done");
            } catch (Exception e) {
                job.error = e.getMessage();
                job.state.set("failed");
            } finally {
                job.finishedAt = System.currentTimeMillis();
            }
        });
        return job;
    }

    Job get(String id) {
        Job job = jobs.get(id);
        if (job == null) throw ApiException.notFound("no job " + id);
        return job;
    }

    private void prune() {
        long now = System.currentTimeMillis();
        jobs.values().removeIf(j -> j.finishedAt > 0 && now - j.finishedAt > KEEP_MILLIS);
    }
}
