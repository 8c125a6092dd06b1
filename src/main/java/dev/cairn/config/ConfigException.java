package dev.cairn.config;

/** A configuration key or value that cannot be used; the message names the key, the value and what is allowed. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
