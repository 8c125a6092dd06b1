package dev.cairn.content;

/** A CID (or one of its parts) that cannot be parsed; the message says why. */
public class CidFormatException extends IllegalArgumentException {
    public CidFormatException(String message) {
        super(message);
    }

    public CidFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
