package dev.cairn.config;

/** A value a {@link ValueType} cannot take; {@code problem} completes "'value' ...", e.g. "is not a size". */
final class InvalidValue extends RuntimeException {
    InvalidValue(String problem) {
        super(problem, null, false, false);
    }

    String problem() {
        return getMessage();
    }
}
