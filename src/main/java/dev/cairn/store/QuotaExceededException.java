package dev.cairn.store;

import java.io.IOException;

/** The store would grow past {@code store.max_bytes}. */
public class QuotaExceededException extends IOException {
    public QuotaExceededException(String message) {
        super(message);
    }
}
