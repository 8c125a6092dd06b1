package dev.cairn.manifest;

/** A manifest that is not valid JSON or breaks the format; the message says where and how. */
public final class MalformedManifestException extends Exception {
    public MalformedManifestException(String message) {
        super(message);
    }
}
