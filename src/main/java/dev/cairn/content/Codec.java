package dev.cairn.content;

/** The multicodec content types Cairn handles. */
public final class Codec {
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    public static final int DAG_CBOR = 0x71;

    private Codec() {}

    public static String name(int codec) {
        return switch (codec) {
            case RAW -> "raw";
            case DAG_PB -> "dag-pb";
            case DAG_CBOR -> "dag-cbor";
            default -> "0x" + Integer.toHexString(codec);
        };
    }
}
