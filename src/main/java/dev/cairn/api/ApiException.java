package dev.cairn.api;

/**
 * An HTTP error with its status and a stable machine-readable code; {@link ErrorMapper} turns
 * it into the one JSON error shape. Handlers throw these instead of writing errors themselves.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized",
                "this endpoint needs the node's API token: send 'Authorization: Bearer <token>' (the token is in <data-dir>/api.token)");
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "too_large", message);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", "too many requests; retry in " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
