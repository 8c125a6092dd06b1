package dev.cairn.gateway;

/**
 * A request the gateway answers with an HTTP error before any byte of the body is sent:
 * {@code status} is the HTTP status, {@code code} a short stable machine-readable reason
 * (for logs, metrics and tests), the message a sentence for the client.
 */
public final class GatewayException extends RuntimeException {
    public static final String BAD_CID = "bad_cid";
    public static final String BAD_PATH = "bad_path";
    public static final String BAD_PARAM = "bad_param";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String NOT_FOUND = "not_found";
    public static final String NOT_IMPLEMENTED = "not_implemented";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";

    private final int status;
    private final String code;

    public GatewayException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public GatewayException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static GatewayException badRequest(String code, String message) {
        return new GatewayException(400, code, message);
    }

    static GatewayException notAcceptable(String message) {
        return new GatewayException(406, NOT_ACCEPTABLE, message);
    }

    static GatewayException notFound(String message) {
        return new GatewayException(404, NOT_FOUND, message);
    }

    static GatewayException notImplemented(String message) {
        return new GatewayException(501, NOT_IMPLEMENTED, message);
    }
}
