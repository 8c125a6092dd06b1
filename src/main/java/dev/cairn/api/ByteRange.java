package dev.cairn.api;

/**
 * A single HTTP byte range (RFC 9110 §14), resolved against the content length. Multiple
 * ranges and malformed headers are ignored (the whole content is sent), as the RFC allows.
 */
record ByteRange(long start, long length) {

    /** Outcome of reading a Range header: null means "send everything". */
    static ByteRange parse(String header, long size) {
        if (header == null) return null;
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String spec = h.substring(6).strip();
        if (spec.contains(",")) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) return null;
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) throw unsatisfiable(size);
                long n = Math.min(suffix, size);
                return new ByteRange(size - n, n);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (start < 0 || end < start) return null;
            if (start >= size) throw unsatisfiable(size);
            end = Math.min(end, size - 1);
            return new ByteRange(start, end - start + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Answers the request's {@code Range} for content of {@code size} bytes: status 200 or 206,
     * {@code Accept-Ranges}, {@code Content-Range}, {@code Content-Length}; throws 416 (with
     * {@code Content-Range: bytes * /size}) when unsatisfiable. With an {@code etag}, a stale
     * {@code If-Range} means the whole content. Returns the part to send.
     */
    static ByteRange respond(io.javalin.http.Context ctx, long size, String etag) {
        ctx.header("Accept-Ranges", "bytes");
        ByteRange range = null;
        String ifRange = ctx.header("If-Range");
        if (ifRange == null || etag == null || ifRange.strip().equals(etag)) {
            try {
                range = parse(ctx.header("Range"), size);
            } catch (RangeNotSatisfiable e) {
                ctx.header("Content-Range", "bytes */" + size);
                throw e;
            }
        }
        if (range == null) {
            ctx.status(200);
            range = new ByteRange(0, size);
        } else {
            ctx.status(206);
            ctx.header("Content-Range", range.contentRange(size));
        }
        ctx.res().setContentLengthLong(range.length());
        return range;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + (start + length - 1) + "/" + size;
    }

    private static ApiException unsatisfiable(long size) {
        return new RangeNotSatisfiable(size);
    }

    /** 416, which must carry {@code Content-Range: bytes * /size}. */
    static final class RangeNotSatisfiable extends ApiException {
        final long size;

        RangeNotSatisfiable(long size) {
            super(416, "range_not_satisfiable", "the requested range is outside the content (" + size + " bytes)");
            this.size = size;
        }
    }
}
