package dev.cairn.gateway;

/** What a request asks for: a single block, a CAR, or the deserialized UnixFS content. */
public enum ResponseFormat {
    /** {@code application/vnd.ipld.raw}: the bytes of one block. */
    RAW("raw", "application/vnd.ipld.raw"),
    /** {@code application/vnd.ipld.car}: a CAR v1 stream. */
    CAR("car", "application/vnd.ipld.car"),
    /** No explicit format (a browser): file bytes, a directory listing or index.html. */
    PLAIN(null, null);

    private final String param;
    private final String mediaType;

    ResponseFormat(String param, String mediaType) {
        this.param = param;
        this.mediaType = mediaType;
    }

    /** The {@code ?format=} value, or null for {@link #PLAIN}. */
    public String param() {
        return param;
    }

    public String mediaType() {
        return mediaType;
    }
}
